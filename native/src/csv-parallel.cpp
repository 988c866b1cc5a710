// csvLoadNumeric: the data rows of a plain numeric CSV file read straight from the file on several threads into the
// final matrix, with each grid block's statistics (src-main/services/datasets/native-load.ts). All or nothing:
// at the first record that is not plain (csv-scan.h's rules: quotes, text, missing cells, blank lines, a lone `\r`,
// another field count …) every thread stops and the promise answers code 1, and the caller reads the file the
// usual way. Runs as Node-API async work: JavaScript's thread never waits; the threads started here are joined
// before the work ends.
//
//   csvLoadNumeric(fd, start, end, delimiter, point, cols, vals, kinds, rowStart, threads, blockRows, status)
//     → Promise<{ code, rows, partials }>
// fd: a file open for reading; bytes [start, end) are the data rows (start just after a line end). vals/kinds
// (SharedArrayBuffers) hold rowStart rows already (from row 0) and room for more, where kinds must be 0 (fresh
// buffers: the rows read are numbers, kind 0, and their kinds are left untouched); rows go after them. status (an
// Int32Array on a SharedArrayBuffer, threads + 1 long): [0] ≠ 0 asks to stop; [1 + t] KiB read by thread t.
// The bytes are cut into `threads` chunks at line ends; thread t > 0 first counts the line ends of chunk t − 1 so
// that it knows where its rows go (chunk 0 is made longer by as much). A last record without a line end is read
// as if it had one (unless it holds a `\r`). code: 0 read (rows: rows written after rowStart), 1 not plain,
// 2 stopped (status[0]), 3 the file could not be read as expected, 4 out of room, 5 threads or this platform
// unavailable. partials (code 0): per block j of blockRows rows from row 0 (the last may be shorter), 6 × cols
// values: absent, n, mean, m2, min, max as csvBlockStats computes them on a block initialised as blockPartial
// initialises it.
//
//   csvHistogramAsync(values, missing, rows, cols, bins, lo, scale, threads) → Promise<Float64Array>
// csvHistogram over rows [0, rows) with the rows cut among threads, the counts added up.
#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstring>
#include <mutex>
#include <condition_variable>
#include <string>
#include <thread>
#include <vector>

#ifndef _WIN32
#include <unistd.h>
#endif

#include "bindings.h"
#include "csv-parallel.h"
#include "napi-args.h"

using namespace napi_args;

namespace {

// The data of a typed array of type `want` on a SharedArrayBuffer (its memory stays put while work runs).
void* sharedArray(napi_env env, napi_value v, napi_typedarray_type want, const char* name, size_t* length) {
  bool isTyped = false;
  check(env, napi_is_typedarray(env, v, &isTyped), "napi_is_typedarray");
  if (!isTyped) throwType(env, std::string(name) + " must be a typed array");
  napi_typedarray_type type;
  void* data = nullptr;
  napi_value buffer;
  size_t offset = 0;
  check(env, napi_get_typedarray_info(env, v, &type, length, &data, &buffer, &offset), "napi_get_typedarray_info");
  if (type != want) throwType(env, std::string(name) + " has the wrong element type");
  bool plain = true;
  check(env, napi_is_arraybuffer(env, buffer, &plain), "napi_is_arraybuffer");
  if (plain) throwType(env, std::string(name) + " must be a view of a SharedArrayBuffer");
  if (*length > 0 && data == nullptr) throwType(env, std::string(name) + " has no memory");
  return data;
}

napi_value numberValue(napi_env env, double x) {
  napi_value v;
  check(env, napi_create_double(env, x, &v), "napi_create_double");
  return v;
}

napi_value float64Array(napi_env env, const std::vector<double>& from) {
  void* data = nullptr;
  napi_value buffer, array;
  check(env, napi_create_arraybuffer(env, from.size() * 8, &data, &buffer), "napi_create_arraybuffer");
  if (!from.empty()) std::memcpy(data, from.data(), from.size() * 8);
  check(env, napi_create_typedarray(env, napi_float64_array, from.size(), buffer, 0, &array), "napi_create_typedarray");
  return array;
}

// What an async call keeps while its work runs: references to its arrays, the promise, the work.
struct Async {
  napi_async_work work = nullptr;
  napi_deferred deferred = nullptr;
  std::vector<napi_ref> refs;
  void keep(napi_env env, napi_value v) {
    napi_ref ref;
    check(env, napi_create_reference(env, v, 1, &ref), "napi_create_reference");
    refs.push_back(ref);
  }
  void release(napi_env env) {
    for (napi_ref r : refs) napi_delete_reference(env, r);
    refs.clear();
    if (work != nullptr) napi_delete_async_work(env, work);
    work = nullptr;
  }
};

struct LoadCall : Async {
  csv_parallel::LoadJob job;
};

struct HistogramCall : Async {
  const double* values = nullptr;
  const uint8_t* missing = nullptr;
  size_t rows = 0, cols = 0, threads = 1;
  std::vector<int32_t> bins;
  std::vector<double> lo, scale, counts;
  bool failed = false;
};

// Queue `call`'s work and answer its promise.
template <typename Call>
napi_value queue(napi_env env, Call* call, const char* name, napi_async_execute_callback execute, napi_async_complete_callback complete) {
  napi_value promise, resource;
  check(env, napi_create_promise(env, &call->deferred, &promise), "napi_create_promise");
  check(env, napi_create_string_utf8(env, name, NAPI_AUTO_LENGTH, &resource), "napi_create_string_utf8");
  check(env, napi_create_async_work(env, nullptr, resource, execute, complete, call, &call->work), "napi_create_async_work");
  check(env, napi_queue_async_work(env, call->work), "napi_queue_async_work");
  return promise;
}

// Settle a call's promise with what `answer` builds (rejected with the error if building throws), then free it.
template <typename Call, typename F>
void settle(napi_env env, napi_status status, Call* call, F answer) {
  napi_value value = nullptr;
  bool ok = status == napi_ok;
  if (ok) {
    try {
      value = answer();
    } catch (...) {
      ok = false;
    }
  }
  if (!ok || value == nullptr) {
    bool pending = false;
    napi_is_exception_pending(env, &pending);
    napi_value error;
    if (pending) napi_get_and_clear_last_exception(env, &error);
    else napi_create_string_utf8(env, "dense-lab native: the work failed", NAPI_AUTO_LENGTH, &error);
    napi_reject_deferred(env, call->deferred, error);
  } else {
    napi_resolve_deferred(env, call->deferred, value);
  }
  call->release(env);
  delete call;
}

}  // namespace

namespace bindings {

// csvLoadNumeric(fd, start, end, delimiter, point, cols, vals, kinds, rowStart, threads, blockRows, status): see the file comment.
napi_value CsvLoadNumeric(napi_env env, napi_callback_info info) {
  return guarded(env, [&]() -> napi_value {
    const Args a = args(env, info);
    auto* call = new LoadCall();
    try {
      csv_parallel::LoadJob& j = call->job;
      j.fd = static_cast<int>(count(env, arg(env, a, 0), "fd"));
      j.start = count(env, arg(env, a, 1), "start");
      j.end = count(env, arg(env, a, 2), "end");
      const size_t delim = count(env, arg(env, a, 3), "delimiter"), point = count(env, arg(env, a, 4), "point");
      j.cols = count(env, arg(env, a, 5), "cols");
      size_t valsLength = 0, kindsLength = 0, statusLength = 0;
      j.vals = static_cast<double*>(sharedArray(env, arg(env, a, 6), napi_float64_array, "vals", &valsLength));
      j.kinds = static_cast<uint8_t*>(sharedArray(env, arg(env, a, 7), napi_uint8_array, "kinds", &kindsLength));
      j.rowStart = count(env, arg(env, a, 8), "rowStart");
      j.threads = count(env, arg(env, a, 9), "threads");
      j.blockRows = count(env, arg(env, a, 10), "blockRows");
      j.status = static_cast<int32_t*>(sharedArray(env, arg(env, a, 11), napi_int32_array, "status", &statusLength));
      if (j.start > j.end) throwRange(env, "start must not pass end");
      if (delim > 255 || point > 255) throwRange(env, "delimiter and point must be byte values");
      if (j.cols == 0 || j.blockRows == 0) throwRange(env, "cols and blockRows must be at least 1");
      if (j.threads < 1 || j.threads > 64) throwRange(env, "threads must be 1 to 64");
      if (statusLength < j.threads + 1) throwRange(env, "status must hold threads + 1 values");
      j.delim = static_cast<uint8_t>(delim);
      j.point = static_cast<uint8_t>(point);
      j.capacityRows = std::min(valsLength, kindsLength) / j.cols;
      if (j.rowStart > j.capacityRows) throwRange(env, "rowStart lies past vals or kinds");
      for (size_t k : {6, 7, 11}) call->keep(env, arg(env, a, k));
      return queue(
          env, call, "csvLoadNumeric", [](napi_env, void* data) { static_cast<LoadCall*>(data)->job.run(); },
          [](napi_env env, napi_status status, void* data) {
            auto* c = static_cast<LoadCall*>(data);
            settle(env, status, c, [&]() -> napi_value {
              napi_value result;
              check(env, napi_create_object(env, &result), "napi_create_object");
              check(env, napi_set_named_property(env, result, "code", numberValue(env, c->job.code)), "napi_set_named_property");
              check(env, napi_set_named_property(env, result, "rows", numberValue(env, static_cast<double>(c->job.rows))), "napi_set_named_property");
              check(env, napi_set_named_property(env, result, "partials", float64Array(env, c->job.partials)), "napi_set_named_property");
              return result;
            });
          });
    } catch (...) {
      call->release(env);
      delete call;
      throw;
    }
  });
}

// csvHistogramAsync(values, missing, rows, cols, bins, lo, scale, threads): see the file comment.
napi_value CsvHistogramAsync(napi_env env, napi_callback_info info) {
  return guarded(env, [&]() -> napi_value {
    const Args a = args(env, info);
    auto* call = new HistogramCall();
    try {
      size_t valuesLength = 0, missingLength = 0;
      call->values = static_cast<const double*>(sharedArray(env, arg(env, a, 0), napi_float64_array, "values", &valuesLength));
      call->missing = static_cast<const uint8_t*>(sharedArray(env, arg(env, a, 1), napi_uint8_array, "missing", &missingLength));
      call->rows = count(env, arg(env, a, 2), "rows");
      call->cols = count(env, arg(env, a, 3), "cols");
      const Int32s bins = int32s(env, arg(env, a, 4), "bins");
      const Doubles lo = doubles(env, arg(env, a, 5), "lo");
      const Doubles scale = doubles(env, arg(env, a, 6), "scale");
      call->threads = count(env, arg(env, a, 7), "threads");
      const size_t cols = call->cols;
      if (cols == 0 || bins.length < cols || lo.length < cols || scale.length < cols) throwRange(env, "bins, lo and scale must hold cols values");
      if (call->rows > valuesLength / cols || call->rows > missingLength / cols) throwRange(env, "rows outside values or missing");
      if (call->threads < 1 || call->threads > 64) throwRange(env, "threads must be 1 to 64");
      call->bins.assign(bins.data, bins.data + cols);
      call->lo.assign(lo.data, lo.data + cols);
      call->scale.assign(scale.data, scale.data + cols);
      size_t total = 0;
      for (int32_t b : call->bins) total += b > 0 ? static_cast<size_t>(b) : 0;
      call->counts.assign(total, 0.0);
      call->keep(env, arg(env, a, 0));
      call->keep(env, arg(env, a, 1));
      return queue(
          env, call, "csvHistogramAsync",
          [](napi_env, void* data) {
            auto* c = static_cast<HistogramCall*>(data);
            // No exception may leave a thread of the pool: out of memory rejects the promise.
            try {
              csv_parallel::histogramThreads(c->values, c->missing, c->rows, c->cols, c->bins.data(), c->lo.data(), c->scale.data(), c->threads, &c->counts);
            } catch (...) {
              c->failed = true;
            }
          },
          [](napi_env env, napi_status status, void* data) {
            auto* c = static_cast<HistogramCall*>(data);
            settle(env, status, c, [&]() -> napi_value { return c->failed ? nullptr : float64Array(env, c->counts); });
          });
    } catch (...) {
      call->release(env);
      delete call;
      throw;
    }
  });
}

}  // namespace bindings
