// The dense layer's bindings (dense.h): variants(), pack(), dense(), release(). See addon.cpp for the API.
#include <cmath>
#include <cstdint>
#include <cstring>
#include <string>

#include "bindings.h"
#include "dense.h"
#include "napi-args.h"

using namespace napi_args;

namespace {

// Marks the objects pack() and pack32() return, so dense() and dense32() never unwrap anybody else's object.
const napi_type_tag kLayerTag = {0x6a1c9e52d1f34b07ULL, 0x8e2b7d40c5a96f13ULL};
const napi_type_tag kLayer32Tag = {0x3f0b6c1e9a7d4e25ULL, 0xb14d2a0e6c8f7351ULL};

void finalizeLayer32(napi_env env, void* data, void*) {
  auto* layer = static_cast<dense::PackedLayer32*>(data);
  if (layer->weights != nullptr) {
    int64_t ignored = 0;
    napi_adjust_external_memory(env, -static_cast<int64_t>(layer->bytes), &ignored);
    dense::release(layer);
  }
  delete layer;
}

// The float32 layer behind v, or nullptr when v is some other object.
dense::PackedLayer32* layer32Of(napi_env env, napi_value v) {
  napi_valuetype type;
  check(env, napi_typeof(env, v, &type), "napi_typeof");
  bool ours = false;
  if (type == napi_object) check(env, napi_check_object_type_tag(env, v, &kLayer32Tag, &ours), "napi_check_object_type_tag");
  if (!ours) return nullptr;
  void* data = nullptr;
  check(env, napi_unwrap(env, v, &data), "napi_unwrap");
  return static_cast<dense::PackedLayer32*>(data);
}

// Layers are freed by release() or, at the latest, when their handle is garbage-collected.
void finalizeLayer(napi_env env, void* data, void*) {
  auto* layer = static_cast<dense::PackedLayer*>(data);
  if (layer->weights != nullptr) {
    int64_t ignored = 0;
    napi_adjust_external_memory(env, -static_cast<int64_t>(layer->bytes), &ignored);
    dense::release(layer);
  }
  delete layer;
}

dense::PackedLayer* layerOf(napi_env env, napi_value v, const char* name) {
  napi_valuetype type;
  check(env, napi_typeof(env, v, &type), "napi_typeof");
  bool ours = false;
  if (type == napi_object) check(env, napi_check_object_type_tag(env, v, &kLayerTag, &ours), "napi_check_object_type_tag");
  if (!ours) throwType(env, std::string(name) + " must be a layer made by pack()");
  void* data = nullptr;
  check(env, napi_unwrap(env, v, &data), "napi_unwrap");
  return static_cast<dense::PackedLayer*>(data);
}

// The optional look-ahead of dense() and dense32() (dense.h's Ahead): arguments k … k + 5 are a Float64Array, the
// first element and the element count to prefetch from it, then a Uint8Array and the same; all undefined for none.
bool aheadArgs(napi_env env, const Args& a, size_t k, dense::Ahead* ahead) {
  napi_valuetype type;
  check(env, napi_typeof(env, arg(env, a, k), &type), "napi_typeof");
  if (type == napi_undefined) return false;
  const Doubles values = doubles(env, arg(env, a, k), "ahead values");
  const size_t vStart = count(env, arg(env, a, k + 1), "ahead values start");
  const size_t vCount = count(env, arg(env, a, k + 2), "ahead values count");
  const Uint8s bytes = uint8s(env, arg(env, a, k + 3), "ahead bytes");
  const size_t bStart = count(env, arg(env, a, k + 4), "ahead bytes start");
  const size_t bCount = count(env, arg(env, a, k + 5), "ahead bytes count");
  if (vStart > values.length || values.length - vStart < vCount) throwRange(env, "the ahead values range is outside its array");
  if (bStart > bytes.length || bytes.length - bStart < bCount) throwRange(env, "the ahead bytes range is outside its array");
  const char* v = reinterpret_cast<const char*>(values.data + vStart);
  const char* b = reinterpret_cast<const char*>(bytes.data + bStart);
  *ahead = dense::Ahead{{v, b}, {v + vCount * sizeof(double), b + bCount}};
  return true;
}

// dense()/dense32()'s checks that `rows` rows fit x from xOffset and out from outOffset. rows, offsets and widths
// are each below SIZE_MAX/16 and inputs·units fit, so rows × inputs and rows × units (checked first) do not wrap.
void checkExtents(napi_env env, size_t inputs, size_t units, size_t rows, size_t xLength, size_t xOffset, size_t outLength, size_t outOffset) {
  if (rows > 0 && rows > (SIZE_MAX / 16) / inputs) throwRange(env, "rows × inputs is too large");
  if (rows > 0 && rows > (SIZE_MAX / 16) / units) throwRange(env, "rows × units is too large");
  const size_t xNeed = rows * inputs;
  const size_t outNeed = rows * units;
  if (xOffset > xLength || xLength - xOffset < xNeed) {
    throwRange(env, "x has " + std::to_string(xLength) + " values; offset " + std::to_string(xOffset) + " + " + std::to_string(rows) + " rows × " + std::to_string(inputs) + " inputs need " + std::to_string(xOffset + xNeed));
  }
  if (outOffset > outLength || outLength - outOffset < outNeed) {
    throwRange(env, "out has room for " + std::to_string(outLength) + " values; offset " + std::to_string(outOffset) + " + " + std::to_string(rows) + " rows × " + std::to_string(units) + " units need " + std::to_string(outOffset + outNeed));
  }
}

}  // namespace

namespace bindings {

napi_value Variants(napi_env env, napi_callback_info) {
  return guarded(env, [&]() -> napi_value {
    napi_value list;
    check(env, napi_create_array(env, &list), "napi_create_array");
    uint32_t k = 0;
    for (int v = 0; v < dense::kVariants; v++) {
      const auto variant = static_cast<dense::Variant>(v);
      if (dense::variantSupported(variant)) check(env, napi_set_element(env, list, k++, string(env, dense::variantName(variant))), "napi_set_element");
    }
    return list;
  });
}

// pack() and pack32(): check the layer's arrays, pack them, wrap the result in a tagged handle.
template <typename T>
napi_value packLayer(napi_env env, napi_callback_info info, bool (*packFn)(dense::Variant, const double*, const double*, size_t, size_t, dense::Packed<T>*),
                     void (*finalize)(napi_env, void*, void*), const napi_type_tag* tag) {
  return guarded(env, [&]() -> napi_value {
    const Args a = args(env, info);
    const Doubles kernel = doubles(env, arg(env, a, 0), "kernel");
    const Doubles bias = doubles(env, arg(env, a, 1), "bias");
    const size_t inputs = count(env, arg(env, a, 2), "inputs");
    const size_t units = count(env, arg(env, a, 3), "units");
    if (inputs == 0 || units == 0) throwRange(env, "a layer needs at least one input and one unit");
    if (inputs > SIZE_MAX / 16 / units) throwRange(env, "inputs × units is too large");
    if (kernel.length != inputs * units) {
      throwRange(env, "kernel has " + std::to_string(kernel.length) + " values; " + std::to_string(inputs) + " inputs × " + std::to_string(units) + " units need " + std::to_string(inputs * units));
    }
    if (bias.length != units) throwRange(env, "bias has " + std::to_string(bias.length) + " values; the layer has " + std::to_string(units) + " units");
    const dense::Variant variant = variantArg(env, arg(env, a, 4));
    auto* layer = new dense::Packed<T>();
    if (!packFn(variant, kernel.data, bias.data, inputs, units, layer)) {
      delete layer;
      throwRange(env, "out of memory packing a layer of " + std::to_string(inputs) + " × " + std::to_string(units));
    }
    napi_value handle;
    napi_status made = napi_create_object(env, &handle);
    if (made == napi_ok) made = napi_wrap(env, handle, layer, finalize, nullptr, nullptr);
    if (made != napi_ok) {
      dense::release(layer);
      delete layer;
      check(env, made, "wrapping a layer");
    }
    int64_t ignored = 0;
    napi_adjust_external_memory(env, static_cast<int64_t>(layer->bytes), &ignored);
    check(env, napi_type_tag_object(env, handle, tag), "napi_type_tag_object");
    napi_value v;
    check(env, napi_create_string_utf8(env, dense::variantName(variant), NAPI_AUTO_LENGTH, &v), "napi_create_string_utf8");
    check(env, napi_set_named_property(env, handle, "variant", v), "napi_set_named_property");
    return handle;
  });
}

napi_value Pack(napi_env env, napi_callback_info info) {
  return packLayer<double>(env, info, dense::pack, finalizeLayer, &kLayerTag);
}

napi_value Pack32(napi_env env, napi_callback_info info) {
  return packLayer<float>(env, info, dense::pack32, finalizeLayer32, &kLayer32Tag);
}

napi_value Dense32(napi_env env, napi_callback_info info) {
  return guarded(env, [&]() -> napi_value {
    const Args a = args(env, info);
    dense::PackedLayer32* layer = layer32Of(env, arg(env, a, 0));
    if (layer == nullptr) throwType(env, "layer must be a layer made by pack32()");
    const Reals x = reals(env, arg(env, a, 1), "x");
    const size_t xOffset = count(env, arg(env, a, 2), "xOffset");
    const size_t rows = count(env, arg(env, a, 3), "rows");
    const Reals out = reals(env, arg(env, a, 4), "out");
    const size_t outOffset = count(env, arg(env, a, 5), "outOffset");
    const bool relu = boolean(env, arg(env, a, 6), "relu");
    if (layer->weights == nullptr) throwRange(env, "the layer was released");
    const size_t xNeed = rows * layer->inputs, outNeed = rows * layer->units;
    checkExtents(env, layer->inputs, layer->units, rows, x.length, xOffset, out.length, outOffset);
    if (rows == 0) return nullptr;
    const size_t xBytes = x.f64 ? 8 : 4, outBytes = out.f64 ? 8 : 4;
    const char* xs = static_cast<const char*>(x.data) + xOffset * xBytes;
    char* os = static_cast<char*>(out.data) + outOffset * outBytes;
    const auto xa = reinterpret_cast<uintptr_t>(xs), oa = reinterpret_cast<uintptr_t>(os);
    if (xa < oa + outNeed * outBytes && oa < xa + xNeed * xBytes) throwRange(env, "x and out overlap");
    dense::Ahead ahead;
    const bool withAhead = aheadArgs(env, a, 7, &ahead);
    dense::forward32(*layer, xs, x.f64, rows, os, out.f64, relu, withAhead ? &ahead : nullptr);
    return nullptr;
  });
}

napi_value Dense(napi_env env, napi_callback_info info) {
  return guarded(env, [&]() -> napi_value {
    const Args a = args(env, info);
    dense::PackedLayer* layer = layerOf(env, arg(env, a, 0), "layer");
    const Doubles x = doubles(env, arg(env, a, 1), "x");
    const size_t xOffset = count(env, arg(env, a, 2), "xOffset");
    const size_t rows = count(env, arg(env, a, 3), "rows");
    const Doubles out = doubles(env, arg(env, a, 4), "out");
    const size_t outOffset = count(env, arg(env, a, 5), "outOffset");
    const bool relu = boolean(env, arg(env, a, 6), "relu");
    if (layer->weights == nullptr) throwRange(env, "the layer was released");
    const size_t xNeed = rows * layer->inputs, outNeed = rows * layer->units;
    checkExtents(env, layer->inputs, layer->units, rows, x.length, xOffset, out.length, outOffset);
    if (rows == 0) return nullptr;
    const double* xs = x.data + xOffset;
    double* os = out.data + outOffset;
    const auto xa = reinterpret_cast<uintptr_t>(xs), oa = reinterpret_cast<uintptr_t>(os);
    if (xa < oa + outNeed * sizeof(double) && oa < xa + xNeed * sizeof(double)) throwRange(env, "x and out overlap");
    dense::Ahead ahead;
    const bool withAhead = aheadArgs(env, a, 7, &ahead);
    dense::forward(*layer, xs, rows, os, relu, withAhead ? &ahead : nullptr);
    return nullptr;
  });
}

napi_value EncodeNumbers(napi_env env, napi_callback_info info) {
  return guarded(env, [&]() -> napi_value {
    const Args a = args(env, info);
    const Doubles values = doubles(env, arg(env, a, 0), "values");
    const Uint8s missing = uint8s(env, arg(env, a, 1), "missing");
    const size_t cols = count(env, arg(env, a, 2), "cols");
    const size_t start = count(env, arg(env, a, 3), "start");
    const size_t end = count(env, arg(env, a, 4), "end");
    const Int32s columns = int32s(env, arg(env, a, 5), "columns");
    const Doubles mean = doubles(env, arg(env, a, 6), "mean");
    const Doubles stdev = doubles(env, arg(env, a, 7), "std");
    const Uint8s hasImpute = uint8s(env, arg(env, a, 8), "hasImpute");
    const Doubles impute = doubles(env, arg(env, a, 9), "impute");
    const Reals out = reals(env, arg(env, a, 10), "out");
    const Uint8s status = uint8s(env, arg(env, a, 11), "status");
    const dense::Variant variant = variantArg(env, arg(env, a, 12));
    const size_t n = columns.length;
    if (mean.length != n || stdev.length != n || hasImpute.length != n || impute.length != n) {
      throwRange(env, "columns, mean, std, hasImpute and impute must have the same length (" + std::to_string(n) + ")");
    }
    if (start > end) throwRange(env, "start (" + std::to_string(start) + ") is past end (" + std::to_string(end) + ")");
    if (end > 0 && end > (SIZE_MAX / 16) / (cols > 0 ? cols : 1)) throwRange(env, "end × cols is too large");
    if (values.length < end * cols || missing.length < end * cols) {
      throwRange(env, "values and missing need " + std::to_string(end * cols) + " cells for " + std::to_string(end) + " rows × " + std::to_string(cols) + " columns");
    }
    if (status.length < end) throwRange(env, "status has " + std::to_string(status.length) + " rows; end is " + std::to_string(end));
    if (end - start > 0 && n > 0 && (end - start) > (SIZE_MAX / 16) / n) throwRange(env, "rows × inputs is too large");
    if (out.length < (end - start) * n) throwRange(env, "out has room for " + std::to_string(out.length) + " values; " + std::to_string(end - start) + " rows × " + std::to_string(n) + " inputs need " + std::to_string((end - start) * n));
    bool contiguous = n > 0;
    bool identity = true;
    for (size_t k = 0; k < n; k++) {
      identity &= mean.data[k] == 0.0 && !std::signbit(mean.data[k]) && stdev.data[k] == 1.0;
      if (columns.data[k] < 0 || static_cast<size_t>(columns.data[k]) >= cols) throwRange(env, "columns[" + std::to_string(k) + "] is not a column below " + std::to_string(cols));
      if (columns.data[k] != columns.data[0] + static_cast<int32_t>(k)) contiguous = false;
    }
    const size_t outBytes = out.f64 ? 8 : 4;
    const auto oa = reinterpret_cast<uintptr_t>(out.data), va = reinterpret_cast<uintptr_t>(values.data);
    if (oa < va + values.length * sizeof(double) && va < oa + out.length * outBytes) throwRange(env, "out overlaps values");
    const dense::EncodeNumbers e{values.data, missing.data, cols, n, columns.data, contiguous, mean.data, stdev.data, hasImpute.data, impute.data, identity};
    const size_t ok = out.f64 ? dense::encodeNumbers(variant, e, start, end, static_cast<double*>(out.data), nullptr, status.data)
                              : dense::encodeNumbers(variant, e, start, end, nullptr, static_cast<float*>(out.data), status.data);
    napi_value result;
    check(env, napi_create_double(env, static_cast<double>(ok), &result), "napi_create_double");
    return result;
  });
}

napi_value Release(napi_env env, napi_callback_info info) {
  return guarded(env, [&]() -> napi_value {
    const Args a = args(env, info);
    if (dense::PackedLayer32* layer32 = layer32Of(env, arg(env, a, 0))) {
      if (layer32->weights != nullptr) {
        int64_t ignored = 0;
        napi_adjust_external_memory(env, -static_cast<int64_t>(layer32->bytes), &ignored);
        dense::release(layer32);
      }
      return nullptr;
    }
    dense::PackedLayer* layer = layerOf(env, arg(env, a, 0), "layer");
    if (layer->weights != nullptr) {
      int64_t ignored = 0;
      napi_adjust_external_memory(env, -static_cast<int64_t>(layer->bytes), &ignored);
      dense::release(layer);
    }
    return nullptr;
  });
}

}  // namespace bindings
