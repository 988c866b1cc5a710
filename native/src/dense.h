// The exact dense layer of Dense Lab, natively: z[r][j] = (Σ_i x[r][i] · w[i][j]) + b[j], summed in the
// engine's order (acc = 0; for i ascending: acc += x_i · w_ij; z = acc + b_j), never fused into FMA and
// never reassociated, so every value is bit-identical to src-shared/nn/forward.ts. SIMD lanes hold
// different units (never different i), so each lane runs that exact sequence.
#pragma once
#include <cstddef>
#include <cstdint>

namespace dense {

// The instruction sets a layer can run on. Chosen at run time (the addon may run on another CPU than
// the one that built it); every variant gives the same bits.
enum class Variant { avx512 = 0, avx2 = 1, sse2 = 2, scalar = 3 };
constexpr int kVariants = 4;

const char* variantName(Variant v);
bool variantSupported(Variant v);
// The fastest variant this CPU runs.
Variant bestVariant();

// A layer's weights packed for one variant: panels of `panelWidth` units, each inputs × panelWidth
// values row-major (zero padded past `units`), then the bias padded to panels × panelWidth. T is double, or
// float for the float32 mode (PackedLayer32).
template <typename T>
struct Packed {
  Variant variant;
  size_t inputs;
  size_t units;
  size_t panelWidth;
  size_t panels;
  T* weights;  // 64-byte aligned; nullptr once released
  T* bias;     // inside the same allocation
  size_t bytes;
};
typedef Packed<double> PackedLayer;
typedef Packed<float> PackedLayer32;

// Units per panel for a variant (a multiple of its vector width), float64 and float32 (float32 AVX-512: 64, or 32
// where its layers run on 256-bit vecs, see prefer256 in dense.cpp; a packed layer's panelWidth tells which).
size_t panelWidth(Variant v);
size_t panelWidth32(Variant v);
// Packs kernel (inputs × units, row-major) and bias into a new allocation; false when out of memory.
bool pack(Variant v, const double* kernel, const double* bias, size_t inputs, size_t units, PackedLayer* out);
// The same in float32: each weight and bias rounded to the nearest float.
bool pack32(Variant v, const double* kernel, const double* bias, size_t inputs, size_t units, PackedLayer32* out);
void release(PackedLayer* layer);
void release(PackedLayer32* layer);
// Memory a caller reads after a forward call (the next chunk's rows, say), which the call prefetches into the
// cache while it computes, one line per input of each tile: [start[k], end[k]) for each k, in order (an empty
// range is skipped), and leaves each start past what it prefetched. The memory is never read nor written: results
// are the same with or without it.
struct Ahead {
  static constexpr int kRanges = 2;
  const char* start[kRanges];
  const char* end[kRanges];
};

// out[r·units + j] = z (relu applied when `relu`: z < 0 ? 0 : z) for rows r in [0, rows).
// x and out must not overlap. `ahead`: optional, see Ahead.
void forward(const PackedLayer& layer, const double* x, size_t rows, double* out, bool relu, Ahead* ahead = nullptr);
// The float32 mode: acc = 0; acc = acc + x_i·w_ij in float32 (each product and each sum rounded to float), then
// z = acc + b_j in float32 (relu: z < 0 ? 0 : z). x is float (x64 false) or double (rounded to float first);
// out is float (out64 false) or double (the float z, exactly). x and out must not overlap.
void forward32(const PackedLayer32& layer, const void* x, bool x64, size_t rows, void* out, bool out64, bool relu, Ahead* ahead = nullptr);

// A dataset's numeric columns → a network's inputs (src-shared/data/encode.ts's encodeRows for a plan of numbers
// only, input k at position k): per row, each input reads values[row·cols + columns[k]]; a cell flagged
// missing (missing byte 1) or NaN reads as impute[k] when hasImpute[k], else the row is marked missing (status 2)
// and its inputs zeroed; the input is then (v − mean[k]) / std[k] (an unscaled input has mean 0, std 1: v exactly).
struct EncodeNumbers {
  const double* values;
  const uint8_t* missing;
  size_t cols;
  size_t inputs;
  const int32_t* columns;  // each < cols
  bool contiguous;         // columns[k] = columns[0] + k
  const double* mean;
  const double* std;
  const uint8_t* hasImpute;
  const double* impute;
  bool identity;           // every mean is +0 and every std 1: the input is v itself
};

// Rows [start, end): out[(row − start)·inputs + k], status[row] = 1 (ok) or 2 (missing input); returns the ok rows.
// With out32 instead of out (out null), each value is stored rounded to float (the float32 mode's inputs).
size_t encodeNumbers(Variant v, const EncodeNumbers& e, size_t start, size_t end, double* out, float* out32, uint8_t* status);

}  // namespace dense
