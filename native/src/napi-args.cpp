// Definitions of napi-args.h: one checked reader per kind of argument.
#include "napi-args.h"

#include <cmath>
#include <cstdint>
#include <cstring>

namespace napi_args {

// 2^53: beyond it a JS number no longer counts every integer.
constexpr double kMaxSafe = 9007199254740992.0;

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

// The data and length of a typed array of `want` type, else a TypeError saying `what` it must be.
static void* typed(napi_env env, napi_value v, const char* name, napi_typedarray_type want, const char* what, size_t* length) {
  bool isTyped = false;
  check(env, napi_is_typedarray(env, v, &isTyped), "napi_is_typedarray");
  if (!isTyped) throwType(env, std::string(name) + " must be " + what);
  napi_typedarray_type type;
  void* data = nullptr;
  check(env, napi_get_typedarray_info(env, v, &type, length, &data, nullptr, nullptr), "napi_get_typedarray_info");
  if (type != want) throwType(env, std::string(name) + " must be " + what);
  if (*length > 0 && data == nullptr) throwType(env, std::string(name) + " has a detached buffer");
  return data;
}

Uint8s uint8s(napi_env env, napi_value v, const char* name) {
  size_t length = 0;
  void* data = typed(env, v, name, napi_uint8_array, "a Uint8Array", &length);
  return {static_cast<uint8_t*>(data), length};
}

Int32s int32s(napi_env env, napi_value v, const char* name) {
  size_t length = 0;
  void* data = typed(env, v, name, napi_int32_array, "an Int32Array", &length);
  return {static_cast<int32_t*>(data), length};
}

Reals reals(napi_env env, napi_value v, const char* name) {
  bool isTyped = false;
  check(env, napi_is_typedarray(env, v, &isTyped), "napi_is_typedarray");
  if (!isTyped) throwType(env, std::string(name) + " must be a Float64Array or a Float32Array");
  napi_typedarray_type type;
  size_t length = 0;
  void* data = nullptr;
  check(env, napi_get_typedarray_info(env, v, &type, &length, &data, nullptr, nullptr), "napi_get_typedarray_info");
  if (type != napi_float64_array && type != napi_float32_array) throwType(env, std::string(name) + " must be a Float64Array or a Float32Array");
  if (length > 0 && data == nullptr) throwType(env, std::string(name) + " has a detached buffer");
  return {data, length, type == napi_float64_array};
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

void inside(napi_env env, Span s, size_t length, const char* name) {
  if (s.end < s.start || s.end > length) {
    throwRange(env, std::string(name) + " reaches byte " + std::to_string(s.end) + " of a " + std::to_string(length) + "-byte memory");
  }
}

}  // namespace napi_args
