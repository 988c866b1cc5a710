// Node-API binding of the exact dense layer (dense.h). Every argument is checked here, so a caller's
// mistake becomes a JS TypeError/RangeError naming the argument, never a crash.
//
//   version                     1: the shape of this API (the loader refuses other versions)
//   variants()                  the variants this CPU runs, fastest first ('avx512', 'avx2', 'sse2', 'scalar')
//   pack(kernel, bias, inputs, units, variant?)   a layer handle (weights copied and packed)
//   dense(layer, x, xOffset, rows, out, outOffset, relu)
//                               out[outOffset + r·units + j] = z_rj (relu: z < 0 ? 0 : z) for r < rows,
//                               from x[xOffset + r·inputs + i]; x and out must not overlap
//   release(layer)              frees the weights now (the handle then refuses dense)
//   gemm(memory, a, sai, sak, b, c, bias, m, k, n, ld, variant?)
//                               the training step's product on one ArrayBuffer (byte addresses; bias 0 = none),
//                               GemmFunction's semantics (src-shared/nn/backward-wasm.ts) for any m and n (train.h)
//   transpose(memory, src, dst, rows, cols, variant?)   dst = srcᵀ (byte addresses in memory)
//   relu(memory, z, a, count, variant?)          a = z < 0 ? 0 : z (a may be z)
//   reluBackward(memory, z, g, count, variant?)  g = z > 0 ? g : 0 (g may not overlap z)
//   gatherRows(src, width, order, start, n, dst, prefetch)
//                               dst row r = src row order[start + r] for r < n, then prefetches the rows of
//                               order[start + n, start + n + prefetch) (clamped to order's end)
//   adam(w, grad, m, v, alpha, c1, c2, eps, variant?)   Adam's update over equal-length Float64Arrays (train.h)
#define NAPI_VERSION 8
#include <node_api.h>

#include <cmath>
#include <cstdint>
#include <cstring>
#include <string>

#include "dense.h"
#include "train.h"

namespace {

constexpr int kApiVersion = 2;
// Marks the objects pack() returns, so dense() never unwraps anybody else's object.
const napi_type_tag kLayerTag = {0x6a1c9e52d1f34b07ULL, 0x8e2b7d40c5a96f13ULL};
// 2^53: beyond it a JS number no longer counts every integer.
constexpr double kMaxSafe = 9007199254740992.0;

// A pending JS exception was set (or napi failed): the caller returns nullptr.
struct Thrown {};

void check(napi_env env, napi_status status, const char* what) {
  if (status == napi_ok) return;
  bool pending = false;
  napi_is_exception_pending(env, &pending);
  if (!pending) {
    const napi_extended_error_info* info = nullptr;
    napi_get_last_error_info(env, &info);
    std::string message = std::string("dense-lab native: ") + what + " failed";
    if (info != nullptr && info->error_message != nullptr) message += std::string(" (") + info->error_message + ")";
    napi_throw_error(env, nullptr, message.c_str());
  }
  throw Thrown{};
}

[[noreturn]] void throwType(napi_env env, const std::string& message) {
  napi_throw_type_error(env, nullptr, ("dense-lab native: " + message).c_str());
  throw Thrown{};
}

[[noreturn]] void throwRange(napi_env env, const std::string& message) {
  napi_throw_range_error(env, nullptr, ("dense-lab native: " + message).c_str());
  throw Thrown{};
}

struct Args {
  napi_value values[16];
  size_t count = 16;
};

Args args(napi_env env, napi_callback_info info) {
  Args a;
  check(env, napi_get_cb_info(env, info, &a.count, a.values, nullptr, nullptr), "reading arguments");
  return a;
}

napi_value arg(napi_env env, const Args& a, size_t k) {
  if (k < a.count) return a.values[k];
  napi_value undefinedValue;
  check(env, napi_get_undefined(env, &undefinedValue), "napi_get_undefined");
  return undefinedValue;
}

// A non-negative integer argument (a JS number that is a whole number up to 2^53).
size_t count(napi_env env, napi_value v, const char* name) {
  napi_valuetype type;
  check(env, napi_typeof(env, v, &type), "napi_typeof");
  if (type != napi_number) throwType(env, std::string(name) + " must be a number");
  double d = 0;
  check(env, napi_get_value_double(env, v, &d), "napi_get_value_double");
  if (!(d >= 0) || d > kMaxSafe || std::floor(d) != d) throwRange(env, std::string(name) + " must be a non-negative integer, got " + std::to_string(d));
  if (d > static_cast<double>(SIZE_MAX / 16)) throwRange(env, std::string(name) + " is too large");
  return static_cast<size_t>(d);
}

struct Doubles {
  double* data;
  size_t length;
};

// A Float64Array argument (any buffer: ArrayBuffer or SharedArrayBuffer, any byte offset).
Doubles doubles(napi_env env, napi_value v, const char* name) {
  bool isTyped = false;
  check(env, napi_is_typedarray(env, v, &isTyped), "napi_is_typedarray");
  if (!isTyped) throwType(env, std::string(name) + " must be a Float64Array");
  napi_typedarray_type type;
  size_t length = 0;
  void* data = nullptr;
  check(env, napi_get_typedarray_info(env, v, &type, &length, &data, nullptr, nullptr), "napi_get_typedarray_info");
  if (type != napi_float64_array) throwType(env, std::string(name) + " must be a Float64Array");
  if (length > 0 && data == nullptr) throwType(env, std::string(name) + " has a detached buffer");
  return {static_cast<double*>(data), length};
}

bool boolean(napi_env env, napi_value v, const char* name) {
  napi_valuetype type;
  check(env, napi_typeof(env, v, &type), "napi_typeof");
  if (type != napi_boolean) throwType(env, std::string(name) + " must be a boolean");
  bool b = false;
  check(env, napi_get_value_bool(env, v, &b), "napi_get_value_bool");
  return b;
}

napi_value string(napi_env env, const char* s) {
  napi_value v;
  check(env, napi_create_string_utf8(env, s, NAPI_AUTO_LENGTH, &v), "napi_create_string_utf8");
  return v;
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

template <typename F>
napi_value guarded(napi_env env, F body) {
  try {
    return body();
  } catch (const Thrown&) {
    return nullptr;
  } catch (const std::exception& e) {
    napi_throw_error(env, nullptr, (std::string("dense-lab native: ") + e.what()).c_str());
    return nullptr;
  }
}

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

napi_value Pack(napi_env env, napi_callback_info info) {
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
    dense::Variant variant = dense::bestVariant();
    napi_value named = arg(env, a, 4);
    napi_valuetype type;
    check(env, napi_typeof(env, named, &type), "napi_typeof");
    if (type != napi_undefined) {
      if (type != napi_string) throwType(env, "variant must be a string");
      char name[32] = {0};
      size_t len = 0;
      check(env, napi_get_value_string_utf8(env, named, name, sizeof name, &len), "napi_get_value_string_utf8");
      bool found = false;
      for (int v = 0; v < dense::kVariants && !found; v++) {
        if (std::strcmp(name, dense::variantName(static_cast<dense::Variant>(v))) == 0) {
          variant = static_cast<dense::Variant>(v);
          found = true;
        }
      }
      if (!found) throwRange(env, std::string("unknown variant '") + name + "'");
      if (!dense::variantSupported(variant)) throwRange(env, std::string("this CPU does not run variant '") + name + "'");
    }
    auto* layer = new dense::PackedLayer();
    if (!dense::pack(variant, kernel.data, bias.data, inputs, units, layer)) {
      delete layer;
      throwRange(env, "out of memory packing a layer of " + std::to_string(inputs) + " × " + std::to_string(units));
    }
    napi_value handle;
    napi_status made = napi_create_object(env, &handle);
    if (made == napi_ok) made = napi_wrap(env, handle, layer, finalizeLayer, nullptr, nullptr);
    if (made != napi_ok) {
      dense::release(layer);
      delete layer;
      check(env, made, "wrapping a layer");
    }
    int64_t ignored = 0;
    napi_adjust_external_memory(env, static_cast<int64_t>(layer->bytes), &ignored);
    check(env, napi_type_tag_object(env, handle, &kLayerTag), "napi_type_tag_object");
    napi_value v;
    check(env, napi_create_string_utf8(env, dense::variantName(variant), NAPI_AUTO_LENGTH, &v), "napi_create_string_utf8");
    check(env, napi_set_named_property(env, handle, "variant", v), "napi_set_named_property");
    return handle;
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
    // rows, offsets and widths are each below SIZE_MAX/16 and inputs·units fit: the products below do not wrap.
    if (rows > 0 && rows > (SIZE_MAX / 16) / layer->inputs) throwRange(env, "rows × inputs is too large");
    if (rows > 0 && rows > (SIZE_MAX / 16) / layer->units) throwRange(env, "rows × units is too large");
    const size_t xNeed = rows * layer->inputs;
    const size_t outNeed = rows * layer->units;
    if (xOffset > x.length || x.length - xOffset < xNeed) {
      throwRange(env, "x has " + std::to_string(x.length) + " values; offset " + std::to_string(xOffset) + " + " + std::to_string(rows) + " rows × " + std::to_string(layer->inputs) + " inputs need " + std::to_string(xOffset + xNeed));
    }
    if (outOffset > out.length || out.length - outOffset < outNeed) {
      throwRange(env, "out has room for " + std::to_string(out.length) + " values; offset " + std::to_string(outOffset) + " + " + std::to_string(rows) + " rows × " + std::to_string(layer->units) + " units need " + std::to_string(outOffset + outNeed));
    }
    if (rows == 0) return nullptr;
    const double* xs = x.data + xOffset;
    double* os = out.data + outOffset;
    const auto xa = reinterpret_cast<uintptr_t>(xs), oa = reinterpret_cast<uintptr_t>(os);
    if (xa < oa + outNeed * sizeof(double) && oa < xa + xNeed * sizeof(double)) throwRange(env, "x and out overlap");
    dense::forward(*layer, xs, rows, os, relu);
    return nullptr;
  });
}

napi_value Release(napi_env env, napi_callback_info info) {
  return guarded(env, [&]() -> napi_value {
    const Args a = args(env, info);
    dense::PackedLayer* layer = layerOf(env, arg(env, a, 0), "layer");
    if (layer->weights != nullptr) {
      int64_t ignored = 0;
      napi_adjust_external_memory(env, -static_cast<int64_t>(layer->bytes), &ignored);
      dense::release(layer);
    }
    return nullptr;
  });
}

// An optional variant name (undefined: the fastest this CPU runs).
dense::Variant variantArg(napi_env env, napi_value named) {
  napi_valuetype type;
  check(env, napi_typeof(env, named, &type), "napi_typeof");
  if (type == napi_undefined) return dense::bestVariant();
  if (type != napi_string) throwType(env, "variant must be a string");
  char name[32] = {0};
  size_t len = 0;
  check(env, napi_get_value_string_utf8(env, named, name, sizeof name, &len), "napi_get_value_string_utf8");
  for (int v = 0; v < dense::kVariants; v++) {
    const auto variant = static_cast<dense::Variant>(v);
    if (std::strcmp(name, dense::variantName(variant)) == 0) {
      if (!dense::variantSupported(variant)) throwRange(env, std::string("this CPU does not run variant '") + name + "'");
      return variant;
    }
  }
  throwRange(env, std::string("unknown variant '") + name + "'");
}

struct Bytes {
  char* data;
  size_t length;
};

// An ArrayBuffer argument (a WebAssembly memory's buffer, say).
Bytes arrayBuffer(napi_env env, napi_value v, const char* name) {
  bool isBuffer = false;
  check(env, napi_is_arraybuffer(env, v, &isBuffer), "napi_is_arraybuffer");
  if (!isBuffer) throwType(env, std::string(name) + " must be an ArrayBuffer");
  void* data = nullptr;
  size_t length = 0;
  check(env, napi_get_arraybuffer_info(env, v, &data, &length), "napi_get_arraybuffer_info");
  if (length > 0 && data == nullptr) throwType(env, std::string(name) + " is detached");
  return {static_cast<char*>(data), length};
}

// A byte address or stride: a count that is a multiple of 8 (every float64 access aligned).
size_t byteArg(napi_env env, napi_value v, const char* name) {
  const size_t x = count(env, v, name);
  if (x % 8 != 0) throwRange(env, std::string(name) + " must be a multiple of 8 bytes, got " + std::to_string(x));
  return x;
}

double number(napi_env env, napi_value v, const char* name) {
  napi_valuetype type;
  check(env, napi_typeof(env, v, &type), "napi_typeof");
  if (type != napi_number) throwType(env, std::string(name) + " must be a number");
  double d = 0;
  check(env, napi_get_value_double(env, v, &d), "napi_get_value_double");
  return d;
}

// x·y + z, or a RangeError when it does not fit in size_t.
size_t mulAdd(napi_env env, size_t x, size_t y, size_t z, const char* what) {
  if (x != 0 && y > (SIZE_MAX - z) / x) throwRange(env, std::string(what) + " is too large");
  return x * y + z;
}

// [start, end) byte spans.
struct Span {
  size_t start;
  size_t end;
};

bool overlaps(Span p, Span q) { return p.start < q.end && q.start < p.end; }

void inside(napi_env env, Span s, size_t length, const char* name) {
  if (s.end < s.start || s.end > length) {
    throwRange(env, std::string(name) + " reaches byte " + std::to_string(s.end) + " of a " + std::to_string(length) + "-byte memory");
  }
}

napi_value Gemm(napi_env env, napi_callback_info info) {
  return guarded(env, [&]() -> napi_value {
    const Args a = args(env, info);
    const Bytes mem = arrayBuffer(env, arg(env, a, 0), "memory");
    const size_t pa = byteArg(env, arg(env, a, 1), "a");
    const size_t sai = byteArg(env, arg(env, a, 2), "sai");
    const size_t sak = byteArg(env, arg(env, a, 3), "sak");
    const size_t pb = byteArg(env, arg(env, a, 4), "b");
    const size_t pc = byteArg(env, arg(env, a, 5), "c");
    const size_t pbias = byteArg(env, arg(env, a, 6), "bias");
    const size_t m = count(env, arg(env, a, 7), "m");
    const size_t k = count(env, arg(env, a, 8), "k");
    const size_t n = count(env, arg(env, a, 9), "n");
    const size_t ld = byteArg(env, arg(env, a, 10), "ld");
    const dense::Variant variant = variantArg(env, arg(env, a, 11));
    if (m == 0 || n == 0) return nullptr;
    const size_t rowBytes = mulAdd(env, n, 8, 0, "n");
    if (ld < rowBytes) throwRange(env, "ld (" + std::to_string(ld) + " bytes) is shorter than a row of n = " + std::to_string(n) + " values");
    const Span c{pc, mulAdd(env, m - 1, ld, mulAdd(env, 1, pc, rowBytes, "c"), "c's extent")};
    inside(env, c, mem.length, "c");
    const bool hasBias = pbias != 0;
    const Span bias{pbias, hasBias ? mulAdd(env, 1, pbias, rowBytes, "bias") : pbias};
    if (hasBias) {
      inside(env, bias, mem.length, "bias");
      if (overlaps(c, bias)) throwRange(env, "c overlaps bias");
    }
    if (k > 0) {
      const Span A{pa, mulAdd(env, m - 1, sai, mulAdd(env, k - 1, sak, mulAdd(env, 1, pa, 8, "a"), "a's extent"), "a's extent")};
      const Span B{pb, mulAdd(env, k - 1, ld, mulAdd(env, 1, pb, rowBytes, "b"), "b's extent")};
      inside(env, A, mem.length, "a");
      inside(env, B, mem.length, "b");
      if (overlaps(c, A)) throwRange(env, "c overlaps a");
      if (overlaps(c, B)) throwRange(env, "c overlaps b");
    }
    train::gemm(variant, mem.data, pa, sai, sak, pb, pc, hasBias, pbias, m, k, n, ld);
    return nullptr;
  });
}

napi_value Transpose(napi_env env, napi_callback_info info) {
  return guarded(env, [&]() -> napi_value {
    const Args a = args(env, info);
    const Bytes mem = arrayBuffer(env, arg(env, a, 0), "memory");
    const size_t src = byteArg(env, arg(env, a, 1), "src");
    const size_t dst = byteArg(env, arg(env, a, 2), "dst");
    const size_t rows = count(env, arg(env, a, 3), "rows");
    const size_t cols = count(env, arg(env, a, 4), "cols");
    const dense::Variant variant = variantArg(env, arg(env, a, 5));
    const size_t bytes = mulAdd(env, mulAdd(env, rows, cols, 0, "rows × cols"), 8, 0, "rows × cols");
    const Span s{src, mulAdd(env, 1, src, bytes, "src")};
    const Span d{dst, mulAdd(env, 1, dst, bytes, "dst")};
    inside(env, s, mem.length, "src");
    inside(env, d, mem.length, "dst");
    if (bytes == 0) return nullptr;
    if (overlaps(s, d)) throwRange(env, "src and dst overlap");
    train::transpose(variant, reinterpret_cast<const double*>(mem.data + src), reinterpret_cast<double*>(mem.data + dst), rows, cols);
    return nullptr;
  });
}

napi_value GatherRows(napi_env env, napi_callback_info info) {
  return guarded(env, [&]() -> napi_value {
    const Args a = args(env, info);
    const Doubles src = doubles(env, arg(env, a, 0), "src");
    const size_t width = count(env, arg(env, a, 1), "width");
    napi_value orderValue = arg(env, a, 2);
    bool isTyped = false;
    check(env, napi_is_typedarray(env, orderValue, &isTyped), "napi_is_typedarray");
    if (!isTyped) throwType(env, "order must be an Int32Array");
    napi_typedarray_type type;
    size_t orderLength = 0;
    void* orderData = nullptr;
    check(env, napi_get_typedarray_info(env, orderValue, &type, &orderLength, &orderData, nullptr, nullptr), "napi_get_typedarray_info");
    if (type != napi_int32_array) throwType(env, "order must be an Int32Array");
    const size_t start = count(env, arg(env, a, 3), "start");
    const size_t n = count(env, arg(env, a, 4), "n");
    const Doubles dst = doubles(env, arg(env, a, 5), "dst");
    const size_t prefetch = count(env, arg(env, a, 6), "prefetch");
    if (start > orderLength || orderLength - start < n) {
      throwRange(env, "order has " + std::to_string(orderLength) + " entries; start " + std::to_string(start) + " + n " + std::to_string(n) + " pass its end");
    }
    const size_t need = mulAdd(env, n, width, 0, "n × width");
    if (dst.length < need) throwRange(env, "dst has room for " + std::to_string(dst.length) + " values; " + std::to_string(n) + " rows × " + std::to_string(width) + " need " + std::to_string(need));
    const int32_t* order = static_cast<const int32_t*>(orderData);
    const size_t rowsInSrc = width == 0 ? SIZE_MAX : src.length / width;
    const size_t nextStart = start + n;
    const size_t nextCount = prefetch < orderLength - nextStart ? prefetch : orderLength - nextStart;
    for (size_t r = start; r < nextStart + nextCount; r++) {
      if (order[r] < 0 || static_cast<size_t>(order[r]) >= rowsInSrc) {
        throwRange(env, "order[" + std::to_string(r) + "] = " + std::to_string(order[r]) + " is not a row of src (" + std::to_string(rowsInSrc) + " rows of " + std::to_string(width) + ")");
      }
    }
    if (need == 0) return nullptr;
    const auto sa = reinterpret_cast<uintptr_t>(src.data), da = reinterpret_cast<uintptr_t>(dst.data);
    if (sa < da + need * sizeof(double) && da < sa + src.length * sizeof(double)) throwRange(env, "src and dst overlap");
    train::gatherRows(src.data, width, order + start, n, dst.data, order + nextStart, nextCount);
    return nullptr;
  });
}

// relu (backward false) or reluBackward (true) over `count` doubles at byte addresses of one memory.
napi_value elementwise(napi_env env, napi_callback_info info, bool backward) {
  return guarded(env, [&]() -> napi_value {
    const Args a = args(env, info);
    const Bytes mem = arrayBuffer(env, arg(env, a, 0), "memory");
    const size_t z = byteArg(env, arg(env, a, 1), "z");
    const size_t out = byteArg(env, arg(env, a, 2), backward ? "g" : "a");
    const size_t n = count(env, arg(env, a, 3), "count");
    const dense::Variant variant = variantArg(env, arg(env, a, 4));
    const size_t bytes = mulAdd(env, n, 8, 0, "count");
    const Span sz{z, mulAdd(env, 1, z, bytes, "z")};
    const Span so{out, mulAdd(env, 1, out, bytes, backward ? "g" : "a")};
    inside(env, sz, mem.length, "z");
    inside(env, so, mem.length, backward ? "g" : "a");
    if (n == 0) return nullptr;
    // relu reads each z before writing its a, so a may be z itself (not a shifted copy of it)
    if (overlaps(sz, so) && (backward || z != out)) throwRange(env, backward ? "z and g overlap" : "z and a overlap (other than being the same)");
    const double* zs = reinterpret_cast<const double*>(mem.data + z);
    double* os = reinterpret_cast<double*>(mem.data + out);
    if (backward) train::reluBackward(variant, zs, os, n);
    else train::relu(variant, zs, os, n);
    return nullptr;
  });
}

napi_value Relu(napi_env env, napi_callback_info info) { return elementwise(env, info, false); }
napi_value ReluBackward(napi_env env, napi_callback_info info) { return elementwise(env, info, true); }

napi_value Adam(napi_env env, napi_callback_info info) {
  return guarded(env, [&]() -> napi_value {
    const Args a = args(env, info);
    const Doubles w = doubles(env, arg(env, a, 0), "w");
    const Doubles g = doubles(env, arg(env, a, 1), "grad");
    const Doubles m = doubles(env, arg(env, a, 2), "m");
    const Doubles v = doubles(env, arg(env, a, 3), "v");
    const double alpha = number(env, arg(env, a, 4), "alpha");
    const double c1 = number(env, arg(env, a, 5), "c1");
    const double c2 = number(env, arg(env, a, 6), "c2");
    const double eps = number(env, arg(env, a, 7), "eps");
    const dense::Variant variant = variantArg(env, arg(env, a, 8));
    const size_t n = w.length;
    if (g.length != n || m.length != n || v.length != n) {
      throwRange(env, "w, grad, m and v must have the same length (" + std::to_string(n) + ", " + std::to_string(g.length) + ", " + std::to_string(m.length) + ", " + std::to_string(v.length) + ")");
    }
    if (n == 0) return nullptr;
    const auto span = [n](const double* p) { return Span{reinterpret_cast<uintptr_t>(p), reinterpret_cast<uintptr_t>(p) + n * sizeof(double)}; };
    const Span sw = span(w.data), sg = span(g.data), sm = span(m.data), sv = span(v.data);
    if (overlaps(sw, sg) || overlaps(sw, sm) || overlaps(sw, sv) || overlaps(sg, sm) || overlaps(sg, sv) || overlaps(sm, sv)) {
      throwRange(env, "w, grad, m and v must not overlap");
    }
    train::adam(variant, w.data, g.data, m.data, v.data, n, alpha, c1, c2, eps);
    return nullptr;
  });
}

napi_value Init(napi_env env, napi_value exports) {
  return guarded(env, [&]() -> napi_value {
    napi_value version;
    check(env, napi_create_int32(env, kApiVersion, &version), "napi_create_int32");
    check(env, napi_set_named_property(env, exports, "version", version), "napi_set_named_property");
    const napi_property_descriptor fns[] = {
        {"variants", nullptr, Variants, nullptr, nullptr, nullptr, napi_enumerable, nullptr},
        {"pack", nullptr, Pack, nullptr, nullptr, nullptr, napi_enumerable, nullptr},
        {"dense", nullptr, Dense, nullptr, nullptr, nullptr, napi_enumerable, nullptr},
        {"release", nullptr, Release, nullptr, nullptr, nullptr, napi_enumerable, nullptr},
        {"gemm", nullptr, Gemm, nullptr, nullptr, nullptr, napi_enumerable, nullptr},
        {"transpose", nullptr, Transpose, nullptr, nullptr, nullptr, napi_enumerable, nullptr},
        {"adam", nullptr, Adam, nullptr, nullptr, nullptr, napi_enumerable, nullptr},
        {"gatherRows", nullptr, GatherRows, nullptr, nullptr, nullptr, napi_enumerable, nullptr},
        {"relu", nullptr, Relu, nullptr, nullptr, nullptr, napi_enumerable, nullptr},
        {"reluBackward", nullptr, ReluBackward, nullptr, nullptr, nullptr, napi_enumerable, nullptr},
    };
    check(env, napi_define_properties(env, exports, sizeof fns / sizeof fns[0], fns), "napi_define_properties");
    return exports;
  });
}

}  // namespace

NAPI_MODULE_INIT() { return Init(env, exports); }
