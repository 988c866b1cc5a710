// The addon's functions, one per JS function (addon.cpp lists them; dense-binding.cpp, train-binding.cpp,
// gather-binding.cpp, the csv and export files define them).
#pragma once
#define NAPI_VERSION 8
#include <node_api.h>

namespace bindings {

napi_value Variants(napi_env env, napi_callback_info info);
napi_value Pack(napi_env env, napi_callback_info info);
napi_value Dense(napi_env env, napi_callback_info info);
napi_value Pack32(napi_env env, napi_callback_info info);
napi_value Dense32(napi_env env, napi_callback_info info);
napi_value Release(napi_env env, napi_callback_info info);
napi_value EncodeNumbers(napi_env env, napi_callback_info info);
napi_value Gemm(napi_env env, napi_callback_info info);
napi_value Ops(napi_env env, napi_callback_info info);
napi_value OpsAdam(napi_env env, napi_callback_info info);
napi_value Transpose(napi_env env, napi_callback_info info);
napi_value GatherRows(napi_env env, napi_callback_info info);
napi_value Relu(napi_env env, napi_callback_info info);
napi_value ReluBackward(napi_env env, napi_callback_info info);
napi_value Adam(napi_env env, napi_callback_info info);
napi_value AdamMany(napi_env env, napi_callback_info info);
napi_value CsvNumericRows(napi_env env, napi_callback_info info);
napi_value CsvBlockStats(napi_env env, napi_callback_info info);
napi_value CsvHistogram(napi_env env, napi_callback_info info);
// csv-parallel.cpp: a plain numeric file's rows on several threads, and histograms likewise (promises).
napi_value CsvLoadNumeric(napi_env env, napi_callback_info info);
napi_value CsvHistogramAsync(napi_env env, napi_callback_info info);
// export-lines.cpp: the predictions export's line copy and number text (not part of the kernel API version).
napi_value FormatNumber(napi_env env, napi_callback_info info);
napi_value ExportLines(napi_env env, napi_callback_info info);

}  // namespace bindings
