// The exact dense layer of Dense Lab, natively: z[r][j] = (Σ_i x[r][i] · w[i][j]) + b[j], summed in the
// engine's order (acc = 0; for i ascending: acc += x_i · w_ij; z = acc + b_j), never fused into FMA and
// never reassociated, so every value is bit-identical to src-shared/nn/forward.ts. SIMD lanes hold
// different units (never different i), so each lane runs that exact sequence.
#pragma once
#include <cstddef>

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
// doubles row-major (zero padded past `units`), then the bias padded to panels × panelWidth.
struct PackedLayer {
  Variant variant;
  size_t inputs;
  size_t units;
  size_t panelWidth;
  size_t panels;
  double* weights;  // 64-byte aligned; nullptr once released
  double* bias;     // inside the same allocation
  size_t bytes;
};

// Units per panel for a variant (a multiple of its vector width).
size_t panelWidth(Variant v);
// Packs kernel (inputs × units, row-major) and bias into a new allocation; false when out of memory.
bool pack(Variant v, const double* kernel, const double* bias, size_t inputs, size_t units, PackedLayer* out);
void release(PackedLayer* layer);
// out[r·units + j] = z (relu applied when `relu`: z < 0 ? 0 : z) for rows r in [0, rows).
// x and out must not overlap.
void forward(const PackedLayer& layer, const double* x, size_t rows, double* out, bool relu);

}  // namespace dense
