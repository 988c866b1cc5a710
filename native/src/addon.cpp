// Node-API module of the exact dense layer (dense.h) and training kernels (train.h). Every argument is checked
// (napi-args.h), so a caller's mistake becomes a JS TypeError/RangeError naming the argument, never a crash.
// The bindings live in dense-binding.cpp and train-binding.cpp; this file lists them.
//
//   version                     3: the shape of this API (the loader refuses other versions)
//   variants()                  the variants this CPU runs, fastest first ('avx512', 'avx2', 'sse2', 'scalar')
//   pack(kernel, bias, inputs, units, variant?)   a layer handle (weights copied and packed)
//   dense(layer, x, xOffset, rows, out, outOffset, relu, values?, vStart?, vCount?, bytes?, bStart?, bCount?)
//                               out[outOffset + r·units + j] = z_rj (relu: z < 0 ? 0 : z) for r < rows,
//                               from x[xOffset + r·inputs + i]; x and out must not overlap; optionally prefetching
//                               values[vStart, vStart + vCount) (a Float64Array) then bytes[…] (a Uint8Array)
//                               while it computes (the next chunk's rows; dense.h's Ahead)
//   pack32(kernel, bias, inputs, units, variant?)  a float32 layer handle (weights rounded to float)
//   dense32(layer32, x, xOffset, rows, out, outOffset, relu, values?, vStart?, vCount?, bytes?, bStart?, bCount?)
//                               the float32 mode (dense.h's forward32): x and out each a Float32Array or a
//                               Float64Array (a Float64Array x is rounded to float; a Float64Array out gets the float z)
//   release(layer)              frees the weights now (the handle then refuses dense)
//   encodeNumbers(values, missing, cols, start, end, columns, mean, std, hasImpute, impute, out, status, variant?)
//                               encode.ts's encodeRows for a plan of numeric inputs only (dense.h); returns the ok rows
//   gemm(memory, a, sai, sak, b, c, bias, m, k, n, ld, variant?)
//                               the training step's product on one ArrayBuffer (byte addresses; bias 0 = none),
//                               GemmFunction's semantics (src-shared/nn/backward-wasm.ts) for any m and n (train.h)
//   transpose(memory, src, dst, rows, cols, variant?)   dst = srcᵀ (byte addresses in memory)
//   ops(memory, list, count, variant?, threads?)   gemm / transpose / relu / reluBackward records of a Float64Array,
//                               in order, in one call (train-binding.cpp); threads 2: large products on two threads
//   opsAdam(memory, list, count, arrays, alpha, c1, c2, eps, variant?)   ops() then adamMany(), the same bits, Adam's
//                               updates riding along the products (optional to the loader)
//   relu(memory, z, a, count, variant?)          a = z < 0 ? 0 : z (a may be z)
//   reluBackward(memory, z, g, count, variant?)  g = z > 0 ? g : 0 (g may not overlap z)
//   gatherRows(src, width, order, start, n, dst, prefetch)
//                               dst row r = src row order[start + r] for r < n, then prefetches the rows of
//                               order[start + n, start + n + prefetch) (clamped to order's end)
//   adam(w, grad, m, v, alpha, c1, c2, eps, variant?)   Adam's update over equal-length Float64Arrays (train.h)
//   adamMany(arrays, alpha, c1, c2, eps, variant?, threads?)   adam on each [w, grad, m, v] quadruple of an Array, in order
//   csvNumericRows(bytes, start, end, delimiter, point, cols, vals, kinds, pos, maxRows, out)
//                               the CSV loader's bulk path for plain numeric records (csv-binding.cpp)
//   csvBlockStats(...), csvHistogram(...)   the loader's block statistics and histogram counts (csv-binding.cpp)
//   csvLoadNumeric(...), csvHistogramAsync(...)   a plain numeric file's rows and statistics, and the histograms, on
//                               several threads, as promises (csv-parallel.cpp)
//                               the csv* functions are looked up one by one, so a build without them still loads
//   formatNumber(x), exportLines(…)   the predictions export's number text and line copy (export-lines.cpp);
//                               optional to the loader (src-main/native/native-export.ts checks for them)
#include "bindings.h"
#include "napi-args.h"

using namespace napi_args;
using namespace bindings;

namespace {

constexpr int kApiVersion = 3;

napi_value Init(napi_env env, napi_value exports) {
  return guarded(env, [&]() -> napi_value {
    napi_value version;
    check(env, napi_create_int32(env, kApiVersion, &version), "napi_create_int32");
    check(env, napi_set_named_property(env, exports, "version", version), "napi_set_named_property");
    const napi_property_descriptor fns[] = {
        {"variants", nullptr, Variants, nullptr, nullptr, nullptr, napi_enumerable, nullptr},
        {"pack", nullptr, Pack, nullptr, nullptr, nullptr, napi_enumerable, nullptr},
        {"dense", nullptr, Dense, nullptr, nullptr, nullptr, napi_enumerable, nullptr},
        {"pack32", nullptr, Pack32, nullptr, nullptr, nullptr, napi_enumerable, nullptr},
        {"dense32", nullptr, Dense32, nullptr, nullptr, nullptr, napi_enumerable, nullptr},
        {"release", nullptr, Release, nullptr, nullptr, nullptr, napi_enumerable, nullptr},
        {"encodeNumbers", nullptr, EncodeNumbers, nullptr, nullptr, nullptr, napi_enumerable, nullptr},
        {"ops", nullptr, Ops, nullptr, nullptr, nullptr, napi_enumerable, nullptr},
        {"opsAdam", nullptr, OpsAdam, nullptr, nullptr, nullptr, napi_enumerable, nullptr},
        {"gemm", nullptr, Gemm, nullptr, nullptr, nullptr, napi_enumerable, nullptr},
        {"transpose", nullptr, Transpose, nullptr, nullptr, nullptr, napi_enumerable, nullptr},
        {"adamMany", nullptr, AdamMany, nullptr, nullptr, nullptr, napi_enumerable, nullptr},
        {"adam", nullptr, Adam, nullptr, nullptr, nullptr, napi_enumerable, nullptr},
        {"gatherRows", nullptr, GatherRows, nullptr, nullptr, nullptr, napi_enumerable, nullptr},
        {"relu", nullptr, Relu, nullptr, nullptr, nullptr, napi_enumerable, nullptr},
        {"reluBackward", nullptr, ReluBackward, nullptr, nullptr, nullptr, napi_enumerable, nullptr},
        {"csvNumericRows", nullptr, CsvNumericRows, nullptr, nullptr, nullptr, napi_enumerable, nullptr},
        {"csvBlockStats", nullptr, CsvBlockStats, nullptr, nullptr, nullptr, napi_enumerable, nullptr},
        {"csvHistogram", nullptr, CsvHistogram, nullptr, nullptr, nullptr, napi_enumerable, nullptr},
        {"csvLoadNumeric", nullptr, CsvLoadNumeric, nullptr, nullptr, nullptr, napi_enumerable, nullptr},
        {"csvHistogramAsync", nullptr, CsvHistogramAsync, nullptr, nullptr, nullptr, napi_enumerable, nullptr},
        {"formatNumber", nullptr, FormatNumber, nullptr, nullptr, nullptr, napi_enumerable, nullptr},
        {"exportLines", nullptr, ExportLines, nullptr, nullptr, nullptr, napi_enumerable, nullptr},
    };
    check(env, napi_define_properties(env, exports, sizeof fns / sizeof fns[0], fns), "napi_define_properties");
    return exports;
  });
}

}  // namespace

NAPI_MODULE_INIT() { return Init(env, exports); }
