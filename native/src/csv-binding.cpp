// csvNumericRows: the CSV loader's bulk path for plain numeric rows (src-shared/data/csv/csv-kernels.ts).
// From bytes[start], reads whole records of exactly `cols` fields, each field what NumberParser.scanSimple
// reads (`[-]digits[.digits]`, mantissa at most 2^53 − 1, at most 22 decimals) followed by the delimiter
// or, after the last field, `\n` or `\r\n`. Each value is mant / 10^decimals: two exact doubles and one
// correctly rounded IEEE division, so the bits are those of the JavaScript path (and of Number(text)).
// Also, where the C++ library has a correctly rounded std::from_chars (csv-number.h), fields of up to 64 bytes
// `[-]digits[.digits][(e|E)[+|-]digits]` with any number of digits (pandas' `0.30000000000000004`, `1e-05`):
// the correctly rounded value, as NumberParser.parse gives for them (a result out of range is left).
// Stops before the first record that is anything else (quotes, spaces, text, blank lines, a lone `\r`,
// another field count, a record that runs to `end`) or after maxRows records; the JavaScript tokenizer
// reads what follows. Writes vals[pos + k] = value and kinds[pos + k] = 0 (CELL_NUMBER) for every cell
// read, and out[0] = the index of the first byte not read; returns the number of records read.
#include <cstdint>
#include <string>

#include "bindings.h"
#include "csv-rows.h"
#include "napi-args.h"

using namespace napi_args;

namespace {

struct ByteSpan {
  uint8_t* data;
  size_t length;
};

ByteSpan typed(napi_env env, napi_value v, napi_typedarray_type want, const char* name, const char* typeName) {
  bool isTyped = false;
  check(env, napi_is_typedarray(env, v, &isTyped), "napi_is_typedarray");
  if (!isTyped) throwType(env, std::string(name) + " must be a " + typeName);
  napi_typedarray_type type;
  size_t length = 0;
  void* data = nullptr;
  check(env, napi_get_typedarray_info(env, v, &type, &length, &data, nullptr, nullptr), "napi_get_typedarray_info");
  if (type != want) throwType(env, std::string(name) + " must be a " + typeName);
  if (length > 0 && data == nullptr) throwType(env, std::string(name) + " has a detached buffer");
  return {static_cast<uint8_t*>(data), length};
}

}  // namespace

namespace bindings {

// csvNumericRows(bytes, start, end, delimiter, point, cols, vals, kinds, pos, maxRows, out): see the file comment.
napi_value CsvNumericRows(napi_env env, napi_callback_info info) {
  return guarded(env, [&]() -> napi_value {
    const Args a = args(env, info);
    const ByteSpan bytes = typed(env, arg(env, a, 0), napi_uint8_array, "bytes", "Uint8Array");
    const size_t start = count(env, arg(env, a, 1), "start");
    const size_t end = count(env, arg(env, a, 2), "end");
    const size_t delim = count(env, arg(env, a, 3), "delimiter");
    const size_t point = count(env, arg(env, a, 4), "point");
    const size_t cols = count(env, arg(env, a, 5), "cols");
    const Doubles vals = doubles(env, arg(env, a, 6), "vals");
    const ByteSpan kinds = typed(env, arg(env, a, 7), napi_uint8_array, "kinds", "Uint8Array");
    const size_t pos = count(env, arg(env, a, 8), "pos");
    size_t maxRows = count(env, arg(env, a, 9), "maxRows");
    const Doubles out = doubles(env, arg(env, a, 10), "out");
    if (end > bytes.length || start > end) throwRange(env, "start and end must lie within bytes");
    if (delim > 255 || point > 255) throwRange(env, "delimiter and point must be byte values");
    if (cols == 0) throwRange(env, "cols must be at least 1");
    if (out.length < 1) throwRange(env, "out must hold one value");
    if (pos > vals.length || pos > kinds.length) throwRange(env, "pos lies past vals or kinds");
    const size_t room = (vals.length < kinds.length ? vals.length : kinds.length) - pos;
    if (maxRows > room / cols) maxRows = room / cols;
    size_t stop = start;
    const size_t rows = csv_scan::scanRows(bytes.data, start, end, static_cast<uint8_t>(delim), static_cast<uint8_t>(point), cols, vals.data + pos,
                                 kinds.data + pos, maxRows, &stop);
    out.data[0] = static_cast<double>(stop);
    napi_value result;
    check(env, napi_create_double(env, static_cast<double>(rows), &result), "napi_create_double");
    return result;
  });
}

}  // namespace bindings

namespace {

ByteSpan bytesOf(napi_env env, napi_value v, const char* name) { return typed(env, v, napi_uint8_array, name, "Uint8Array"); }

}  // namespace

namespace bindings {

// csvBlockStats(values, missing, cells, cols, which, absent, n, mean, m2, min, max): one block's convert() tail and
// statistics (column-stats.ts blockPartial) for the columns with which[c] 1 (missing count only) or 2 (measured).
napi_value CsvBlockStats(napi_env env, napi_callback_info info) {
  return guarded(env, [&]() -> napi_value {
    const Args a = args(env, info);
    const Doubles values = doubles(env, arg(env, a, 0), "values");
    const ByteSpan missing = bytesOf(env, arg(env, a, 1), "missing");
    const size_t cells = count(env, arg(env, a, 2), "cells");
    const size_t cols = count(env, arg(env, a, 3), "cols");
    const ByteSpan which = bytesOf(env, arg(env, a, 4), "which");
    const char* names[6] = {"absent", "n", "mean", "m2", "min", "max"};
    double* outs[6];
    for (int k = 0; k < 6; k++) {
      const Doubles d = doubles(env, arg(env, a, 5 + k), names[k]);
      if (d.length < cols) throwRange(env, std::string(names[k]) + " must hold cols values");
      outs[k] = d.data;
    }
    if (cols == 0 || cells % cols != 0) throwRange(env, "cells must be whole rows of cols");
    if (cells > values.length || cells > missing.length || which.length < cols) throwRange(env, "values, missing or which too short");
    csv_scan::blockStats(values.data, missing.data, cells, cols, which.data, outs[0], outs[1], outs[2], outs[3], outs[4], outs[5]);
    return nullptr;
  });
}

// csvHistogram(values, missing, fromRow, toRow, cols, bins, lo, scale, counts): histogramCounts (column-stats.ts)
// into one Float64Array, column c's bins from Σ bins[0..c). k = ⌊(x − lo)·scale⌋ (JavaScript's |0: here the product
// is NaN or infinite only when scale is, and JavaScript's |0 makes that 0), clamped to the last bin.
napi_value CsvHistogram(napi_env env, napi_callback_info info) {
  return guarded(env, [&]() -> napi_value {
    const Args a = args(env, info);
    const Doubles values = doubles(env, arg(env, a, 0), "values");
    const ByteSpan missing = bytesOf(env, arg(env, a, 1), "missing");
    const size_t fromRow = count(env, arg(env, a, 2), "fromRow");
    const size_t toRow = count(env, arg(env, a, 3), "toRow");
    const size_t cols = count(env, arg(env, a, 4), "cols");
    const ByteSpan binsSpan = typed(env, arg(env, a, 5), napi_int32_array, "bins", "Int32Array");
    const Doubles lo = doubles(env, arg(env, a, 6), "lo");
    const Doubles scale = doubles(env, arg(env, a, 7), "scale");
    const Doubles counts = doubles(env, arg(env, a, 8), "counts");
    const int32_t* bins = reinterpret_cast<const int32_t*>(binsSpan.data);
    if (cols == 0 || binsSpan.length < cols || lo.length < cols || scale.length < cols) throwRange(env, "bins, lo and scale must hold cols values");
    if (fromRow > toRow || toRow > values.length / cols || toRow > missing.length / cols) throwRange(env, "rows outside values or missing");
    size_t total = 0;
    for (size_t c = 0; c < cols; c++) total += bins[c] > 0 ? static_cast<size_t>(bins[c]) : 0;
    if (counts.length < total) throwRange(env, "counts must hold every bin");
    csv_scan::histogramRows(values.data, missing.data, fromRow, toRow, cols, bins, lo.data, scale.data, counts.data);
    return nullptr;
  });
}

}  // namespace bindings
