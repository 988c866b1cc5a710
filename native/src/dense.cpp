// The variants of the exact dense layer (see dense.h), one instruction set each, and the choice among
// them at run time. Built with -ffp-contract=off (binding.gyp): a compiler allowed to contract would
// turn vmul + vadd into an FMA and change the last bit.
#include "dense.h"

#include <array>
#include <cstdlib>
#include <cstring>
#include <utility>
#include <vector>

#include "simd.h"
#if SIMD_X86_MULTI
#include <cpuid.h>
#endif

namespace dense {

// Bytes of a layer's input rows per block (see forward in dense-tile.inc): with a 256 KB weight panel, within a
// 1 MB L2. Measured on Zen 5 (1 MB L2): 96, 192, 384, 640 KB all within 5 %; 384 KB best for 1024 inputs.
#ifndef DENSE_BLOCK_BYTES
#define DENSE_BLOCK_BYTES (384 * 1024)
#endif
static constexpr size_t kBlockBytes = DENSE_BLOCK_BYTES;

// A prefetch of one cache line (the tiles' look-ahead, see Ahead in dense.h); nothing where there is no builtin.
#if defined(__GNUC__) || defined(__clang__)
#define DENSE_PREFETCH(p) __builtin_prefetch((p), 0, 3)
#else
#define DENSE_PREFETCH(p) ((void)(p))
#endif

// One dense layer per instruction set: the tile code of dense-tile.inc over simd.h's operations.
#if SIMD_X86_MULTI
namespace avx512 {
using namespace simd::avx512;
#define TARGET SIMD_TARGET_AVX512
#include "dense-tile.inc"
#include "encode-tile.inc"
#undef TARGET
}  // namespace avx512

namespace avx2 {
using namespace simd::avx2;
#define TARGET SIMD_TARGET_AVX2
#include "dense-tile.inc"
#include "encode-tile.inc"
#undef TARGET
}  // namespace avx2

namespace avx512f32 {
using namespace simd::avx512f32;
#define TARGET SIMD_TARGET_AVX512
#include "dense-tile.inc"
#undef TARGET
}  // namespace avx512f32

namespace avx512y {
using namespace simd::avx512y;
#define TARGET SIMD_TARGET_AVX512VL
#define DENSE_BROADCAST_FIRST 1
#include "dense-tile.inc"
#undef DENSE_BROADCAST_FIRST
#undef TARGET
}  // namespace avx512y

namespace avx512f32y {
using namespace simd::avx512f32y;
#define TARGET SIMD_TARGET_AVX512VL
#define DENSE_BROADCAST_FIRST 1
#include "dense-tile.inc"
#undef DENSE_BROADCAST_FIRST
#undef TARGET
}  // namespace avx512f32y

namespace avx2f32 {
using namespace simd::avx2f32;
#define TARGET SIMD_TARGET_AVX2
#include "dense-tile.inc"
#undef TARGET
}  // namespace avx2f32
#endif

#if SIMD_X86
namespace sse2 {
using namespace simd::sse2;
#define TARGET
#include "dense-tile.inc"
#include "encode-tile.inc"
#undef TARGET
}  // namespace sse2
#endif

namespace scalar {
using namespace simd::scalar;
#define TARGET
#include "dense-tile.inc"
#include "encode-tile.inc"
#undef TARGET
}  // namespace scalar

namespace scalarf32 {
using namespace simd::scalarf32;
#define TARGET
#include "dense-tile.inc"
#undef TARGET
}  // namespace scalarf32

const char* variantName(Variant v) {
  switch (v) {
    case Variant::avx512: return "avx512";
    case Variant::avx2: return "avx2";
    case Variant::sse2: return "sse2";
    case Variant::scalar: return "scalar";
  }
  return "unknown";
}

bool variantSupported(Variant v) {
  switch (v) {
#if SIMD_X86_MULTI
    case Variant::avx512: __builtin_cpu_init(); return __builtin_cpu_supports("avx512f");
    case Variant::avx2: __builtin_cpu_init(); return __builtin_cpu_supports("avx2");
#endif
#if SIMD_X86
    case Variant::sse2: return true;
#endif
    case Variant::scalar: return true;
    default: return false;
  }
}

Variant bestVariant() {
  for (Variant v : {Variant::avx512, Variant::avx2, Variant::sse2}) {
    if (variantSupported(v)) return v;
  }
  return Variant::scalar;
}

#if SIMD_X86_MULTI
static_assert(avx512f32y::VMAX * avx512f32y::LANES != avx512f32::VMAX * avx512f32::LANES, "forwardFloat tells them apart by panel width");
static_assert(avx512y::VMAX * avx512y::LANES != avx512::VMAX * avx512::LANES, "forward tells them apart by panel width");

// Whether AVX-512 layers run on 256-bit vecs (simd::avx512y for float64, avx512f32y for float32): on CPUs that split
// each 512-bit operation in two 256-bit halves, AMD family 19h (Zen 4, the only one of that family with AVX-512), and
// only with AVX-512VL. The environment variable `forcing` (DENSE_LAB_F64_VEC or DENSE_LAB_F32_VEC) = 256 or 512
// chooses (tests run both where the CPU has both); the bits are the same.
static bool prefer256(const char* forcing) {
  __builtin_cpu_init();
  if (!__builtin_cpu_supports("avx512vl")) return false;
  const char* forced = std::getenv(forcing);
  if (forced != nullptr && std::strcmp(forced, "256") == 0) return true;
  if (forced != nullptr && std::strcmp(forced, "512") == 0) return false;
  unsigned a = 0, b = 0, c = 0, d = 0;
  if (__get_cpuid(0, &a, &b, &c, &d) == 0 || b != 0x68747541u || d != 0x69746e65u || c != 0x444d4163u) return false;  // "AuthenticAMD"
  if (__get_cpuid(1, &a, &b, &c, &d) == 0) return false;
  const unsigned family = ((a >> 8) & 0xf) == 0xf ? 0xf + ((a >> 20) & 0xff) : (a >> 8) & 0xf;
  return family == 0x19;
}
#endif

size_t panelWidth(Variant v) {
  switch (v) {
#if SIMD_X86_MULTI
    case Variant::avx512: return prefer256("DENSE_LAB_F64_VEC") ? avx512y::VMAX * avx512y::LANES : avx512::VMAX * avx512::LANES;
    case Variant::avx2: return avx2::VMAX * avx2::LANES;
#endif
#if SIMD_X86
    case Variant::sse2: return sse2::VMAX * sse2::LANES;
#endif
    default: return scalar::VMAX * scalar::LANES;
  }
}


size_t panelWidth32(Variant v) {
  switch (v) {
#if SIMD_X86_MULTI
    case Variant::avx512: return prefer256("DENSE_LAB_F32_VEC") ? avx512f32y::VMAX * avx512f32y::LANES : avx512f32::VMAX * avx512f32::LANES;
    case Variant::avx2: return avx2f32::VMAX * avx2f32::LANES;
#endif
    default: return scalarf32::VMAX * scalarf32::LANES;
  }
}

static void* alignedAlloc(size_t bytes) {
#if defined(_MSC_VER)
  return _aligned_malloc(bytes, 64);
#else
  void* p = nullptr;
  return posix_memalign(&p, 64, bytes) == 0 ? p : nullptr;
#endif
}

static void alignedFree(void* p) {
#if defined(_MSC_VER)
  _aligned_free(p);
#else
  free(p);
#endif
}

template <typename T>
static bool packAs(Variant v, size_t width, const double* kernel, const double* bias, size_t inputs, size_t units, Packed<T>* out) {
  const size_t panels = (units + width - 1) / width;
  const size_t weightCount = panels * inputs * width;
  const size_t bytes = (weightCount + panels * width + 16) * sizeof(T);
  T* mem = static_cast<T*>(alignedAlloc(bytes));
  if (mem == nullptr) return false;
  std::memset(mem, 0, bytes);
  for (size_t p = 0; p < panels; p++) {
    const size_t first = p * width;
    const size_t here = units - first < width ? units - first : width;
    T* panel = mem + p * inputs * width;
    for (size_t i = 0; i < inputs; i++)
      for (size_t j = 0; j < here; j++) panel[i * width + j] = static_cast<T>(kernel[i * units + first + j]);
  }
  T* b = mem + weightCount;
  for (size_t j = 0; j < units; j++) b[j] = static_cast<T>(bias[j]);
  *out = Packed<T>{v, inputs, units, width, panels, mem, b, bytes};
  return true;
}

bool pack(Variant v, const double* kernel, const double* bias, size_t inputs, size_t units, PackedLayer* out) {
  return packAs(v, panelWidth(v), kernel, bias, inputs, units, out);
}

bool pack32(Variant v, const double* kernel, const double* bias, size_t inputs, size_t units, PackedLayer32* out) {
  return packAs(v, panelWidth32(v), kernel, bias, inputs, units, out);
}

template <typename T>
static void releaseAs(Packed<T>* layer) {
  if (layer->weights != nullptr) alignedFree(layer->weights);
  layer->weights = nullptr;
  layer->bias = nullptr;
}

void release(PackedLayer* layer) { releaseAs(layer); }
void release(PackedLayer32* layer) { releaseAs(layer); }

static void forwardFloat(const PackedLayer32& layer, const float* x, size_t rows, float* out, bool relu, Ahead* ahead) {
  switch (layer.variant) {
#if SIMD_X86_MULTI
    // the panel width tells which vecs the layer was packed for (32 floats: 256-bit, 64: 512-bit; see panelWidth32)
    case Variant::avx512:
      if (layer.panelWidth == avx512f32y::VMAX * avx512f32y::LANES) return avx512f32y::forward(layer, x, rows, out, relu, ahead);
      return avx512f32::forward(layer, x, rows, out, relu, ahead);
    case Variant::avx2: return avx2f32::forward(layer, x, rows, out, relu, ahead);
#endif
    default: return scalarf32::forward(layer, x, rows, out, relu, ahead);
  }
}

// Rows are converted in chunks small enough for L2 (float inputs of a chunk, then its float outputs), so a
// double input or output costs a pass over cached memory, not another pass over the whole batch.
void forward32(const PackedLayer32& layer, const void* x, bool x64, size_t rows, void* out, bool out64, bool relu, Ahead* ahead) {
  if (!x64 && !out64) return forwardFloat(layer, static_cast<const float*>(x), rows, static_cast<float*>(out), relu, ahead);
  const size_t inputs = layer.inputs, units = layer.units;
  size_t chunk = (192 * 1024) / ((inputs + units) * sizeof(float));
  chunk = chunk < 16 ? 16 : chunk / 16 * 16;
  thread_local std::vector<float> xs, os;
  if (x64 && xs.size() < chunk * inputs) xs.resize(chunk * inputs);
  if (out64 && os.size() < chunk * units) os.resize(chunk * units);
  for (size_t r0 = 0; r0 < rows; r0 += chunk) {
    const size_t n = rows - r0 < chunk ? rows - r0 : chunk;
    const float* xf;
    if (x64) {
      const double* from = static_cast<const double*>(x) + r0 * inputs;
      for (size_t k = 0; k < n * inputs; k++) xs[k] = static_cast<float>(from[k]);
      xf = xs.data();
    } else {
      xf = static_cast<const float*>(x) + r0 * inputs;
    }
    float* of = out64 ? os.data() : static_cast<float*>(out) + r0 * units;
    forwardFloat(layer, xf, n, of, relu, ahead);
    if (out64) {
      double* to = static_cast<double*>(out) + r0 * units;
      for (size_t k = 0; k < n * units; k++) to[k] = of[k];
    }
  }
}

void forward(const PackedLayer& layer, const double* x, size_t rows, double* out, bool relu, Ahead* ahead) {
  switch (layer.variant) {
#if SIMD_X86_MULTI
    // the panel width tells which vecs the layer was packed for (16 doubles: 256-bit, 32: 512-bit; see panelWidth)
    case Variant::avx512:
      if (layer.panelWidth == avx512y::VMAX * avx512y::LANES) return avx512y::forward(layer, x, rows, out, relu, ahead);
      return avx512::forward(layer, x, rows, out, relu, ahead);
    case Variant::avx2: return avx2::forward(layer, x, rows, out, relu, ahead);
#endif
#if SIMD_X86
    case Variant::sse2: return sse2::forward(layer, x, rows, out, relu, ahead);
#endif
    default: return scalar::forward(layer, x, rows, out, relu, ahead);
  }
}

size_t encodeNumbers(Variant v, const EncodeNumbers& e, size_t start, size_t end, double* out, float* out32, uint8_t* status) {
  thread_local std::vector<double> scratch;
  if (out32 != nullptr && scratch.size() < e.inputs) scratch.resize(e.inputs);
  double* row = out32 != nullptr ? scratch.data() : nullptr;
  switch (v) {
#if SIMD_X86_MULTI
    case Variant::avx512: return avx512::encodeNumbers(e, start, end, out, out32, row, status);
    case Variant::avx2: return avx2::encodeNumbers(e, start, end, out, out32, row, status);
#endif
#if SIMD_X86
    case Variant::sse2: return sse2::encodeNumbers(e, start, end, out, out32, row, status);
#endif
    default: return scalar::encodeNumbers(e, start, end, out, out32, row, status);
  }
}

}  // namespace dense
