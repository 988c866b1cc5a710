// The training batch's row gather binding (train.h's gatherRows): gatherRows(src, width, order, start, n, dst,
// prefetch) copies the rows order[start .. start + n) of src into dst and asks the CPU to fetch the next
// `prefetch` rows. See addon.cpp for the API.
#include <cstdint>
#include <string>

#include "bindings.h"
#include "napi-args.h"
#include "train.h"

using namespace napi_args;

namespace bindings {

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

}  // namespace bindings
