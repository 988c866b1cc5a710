// Reading Node-API arguments for the addon's bindings: each reader checks one argument's type and range and
// throws a JS TypeError/RangeError naming it (then the C++ exception Thrown unwinds to guarded(), which returns
// nullptr to JavaScript with the exception pending). So a caller's mistake is an error message, never a crash.
#pragma once
#define NAPI_VERSION 8
#include <node_api.h>

#include <cstddef>
#include <cstdint>
#include <exception>
#include <string>

#include "dense.h"

namespace napi_args {

// A pending JS exception was set (or napi failed): the caller returns nullptr.
struct Thrown {};

// Throws Thrown (with a JS error pending) unless status is napi_ok.
void check(napi_env env, napi_status status, const char* what);
[[noreturn]] void throwType(napi_env env, const std::string& message);
[[noreturn]] void throwRange(napi_env env, const std::string& message);

struct Args {
  napi_value values[16];
  size_t count = 16;
};

Args args(napi_env env, napi_callback_info info);
// Argument k, or undefined past the last one given.
napi_value arg(napi_env env, const Args& a, size_t k);

// A non-negative integer argument (a JS number that is a whole number up to 2^53).
size_t count(napi_env env, napi_value v, const char* name);

struct Doubles {
  double* data;
  size_t length;
};

// A Float64Array argument (any buffer: ArrayBuffer or SharedArrayBuffer, any byte offset).
Doubles doubles(napi_env env, napi_value v, const char* name);
// A Uint8Array / an Int32Array argument (any buffer, any byte offset).
struct Uint8s {
  uint8_t* data;
  size_t length;
};
Uint8s uint8s(napi_env env, napi_value v, const char* name);
struct Int32s {
  int32_t* data;
  size_t length;
};
Int32s int32s(napi_env env, napi_value v, const char* name);
// A Float64Array or a Float32Array argument.
struct Reals {
  void* data;
  size_t length;
  bool f64;
};
Reals reals(napi_env env, napi_value v, const char* name);
bool boolean(napi_env env, napi_value v, const char* name);
double number(napi_env env, napi_value v, const char* name);
napi_value string(napi_env env, const char* s);

// An optional variant name (undefined: the fastest this CPU runs).
dense::Variant variantArg(napi_env env, napi_value named);

struct Bytes {
  char* data;
  size_t length;
};

// An ArrayBuffer argument (a WebAssembly memory's buffer, say).
Bytes arrayBuffer(napi_env env, napi_value v, const char* name);
// A byte address or stride: a count that is a multiple of 8 (every float64 access aligned).
size_t byteArg(napi_env env, napi_value v, const char* name);
// x·y + z, or a RangeError when it does not fit in size_t.
size_t mulAdd(napi_env env, size_t x, size_t y, size_t z, const char* what);

// [start, end) byte spans.
struct Span {
  size_t start;
  size_t end;
};

inline bool overlaps(Span p, Span q) { return p.start < q.end && q.start < p.end; }
// A RangeError unless s lies within a memory of `length` bytes.
void inside(napi_env env, Span s, size_t length, const char* name);

// Runs a binding's body: a Thrown or C++ exception becomes a pending JS exception and nullptr.
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

}  // namespace napi_args
