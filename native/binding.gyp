# The native forward kernel (Node-API, so one build serves every Node and Electron version).
# Built by scripts/build-native.mjs (npm's install script), never by npm's automatic node-gyp step:
# this file is not at the repository root on purpose.
#
# -ffp-contract=off is what keeps the results exact: without it GCC and clang may fuse x·w + acc into an
# FMA, which rounds once instead of twice. No -ffast-math, no -march: the AVX variants are selected per
# function (target attributes) and chosen at run time, so the binary also runs on CPUs without them.
{
  "targets": [
    {
      "target_name": "dense_lab_native",
      "sources": ["src/addon.cpp", "src/napi-args.cpp", "src/dense-binding.cpp", "src/train-binding.cpp", "src/gather-binding.cpp", "src/dense.cpp", "src/train.cpp", "src/train-pool.cpp", "src/csv-binding.cpp", "src/csv-parallel.cpp", "src/csv-load.cpp", "src/export-lines.cpp"],
      "cflags!": ["-fno-exceptions"],
      "cflags_cc!": ["-fno-exceptions"],
      "cflags_cc": ["-O3", "-std=c++17", "-ffp-contract=off", "-fno-fast-math", "-fexceptions"],
      "xcode_settings": {
        "GCC_ENABLE_CPP_EXCEPTIONS": "YES",
        "CLANG_CXX_LANGUAGE_STANDARD": "c++17",
        "OTHER_CPLUSPLUSFLAGS": ["-O3", "-ffp-contract=off", "-fno-fast-math"]
      },
      "msvs_settings": {
        "VCCLCompilerTool": { "ExceptionHandling": 1, "AdditionalOptions": ["/std:c++17", "/fp:strict"] }
      }
    }
  ]
}
