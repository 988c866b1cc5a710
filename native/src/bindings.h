// The addon's functions, one per JS function (addon.cpp lists them; dense-binding.cpp and train-binding.cpp
// define them).
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
napi_value Transpose(napi_env env, napi_callback_info info);
napi_value GatherRows(napi_env env, napi_callback_info info);
napi_value Relu(napi_env env, napi_callback_info info);
napi_value ReluBackward(napi_env env, napi_callback_info info);
napi_value Adam(napi_env env, napi_callback_info info);
napi_value AdamMany(napi_env env, napi_callback_info info);

}  // namespace bindings
