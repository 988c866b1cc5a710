// The exact kernels of a training step, natively (src-shared/nn/backward-wasm.ts and optimizers.ts compute
// the same bits in WebAssembly and JavaScript). Built with -ffp-contract=off: a multiply and an add are
// never fused, sums are never reassociated, and sqrt and division are IEEE's correctly rounded ones, so
// every variant gives the same bits as V8.
#pragma once
#include <cstddef>
#include <cstdint>

#include "dense.h"

namespace train {

// C[i, j] for i < m, j < n, in bytes from `base`: A(i, kk) at a + i·sai + kk·sak, B(kk, j) at b + kk·ld + j·8,
// C(i, j) at c + i·ld + j·8, bias[j] at bias + j·8 (hasBias false: none). Each C[i, j] is summed
//   acc = 0; for kk ascending: acc += A(i, kk) · B(kk, j); C = hasBias ? acc + bias[j] : acc
// SIMD lanes hold different j, never different kk. Addresses and strides are multiples of 8; the caller
// has checked that every address touched lies inside the buffer and that C overlaps nothing it reads.
void gemm(dense::Variant v, char* base, size_t a, size_t sai, size_t sak, size_t b, size_t c, bool hasBias, size_t bias,
          size_t m, size_t k, size_t n, size_t ld);

// Adam's update of n parameters (optimizers.ts): for each i, with g = grad[i]
//   m ← m + (g − m)·c1;  v ← v + (g·g − v)·c2;  w ← w − (m·alpha) / (√v + eps)
// (c1 = 1 − β₁, c2 = 1 − β₂ and alpha = η_t computed by the caller). The arrays must not overlap.
void adam(dense::Variant v, double* w, const double* grad, double* m, double* vs, size_t n, double alpha, double c1, double c2,
          double eps);

// Adam riding along a product (gemmRide): the divide and square-root unit Adam waits on is idle while a product
// keeps the multipliers and adders busy, so one vec of Adam's parameters per step of the product's sum runs
// almost for free. `segments` (count of them, none overlapping another) are updated, each parameter with adam()'s
// operations (so the same bits in any order); w, g, m, v, i, n are the segment under way (n = 0: none yet). A
// segment's `mirror` (null: none) receives a copy of each new w (the product's copy of the weights, kept current).
struct AdamSegment {
  double* w;
  const double* g;
  double* m;
  double* v;
  size_t n;
  double* mirror;
};
struct AdamRide {
  double* w;
  const double* g;
  double* m;
  double* v;
  size_t i, n;
  double alpha, c1, c2, eps;
  const AdamSegment* segments;
  size_t count;  // segments that may be started now (the caller raises it as products they depend on finish)
  size_t next;   // the first of them not started
  double* mirror;  // the segment under way's
};

// gemm (above) while `ride` updates parameters between steps of its sums; the same bits for both as running
// gemm, then adam. The parameters must not overlap anything the product reads or writes.
void gemmRide(dense::Variant v, char* base, size_t a, size_t sai, size_t sak, size_t b, size_t c, bool hasBias, size_t bias,
              size_t m, size_t k, size_t n, size_t ld, AdamRide* ride);
// Finishes every parameter of ride's segments [0, count) not updated yet (adam on each rest).
void rideFinish(dense::Variant v, AdamRide* ride);

// a[i] = z[i] < 0 ? 0 : z[i] (relu as activations.ts computes it: NaN and −0 pass through). a may be z.
void relu(dense::Variant v, const double* z, double* a, size_t n);
// g[i] = z[i] > 0 ? g[i] : 0 (relu's derivative applied, as backward.ts does: a NaN z gives 0).
void reluBackward(dense::Variant v, const double* z, double* g, size_t n);

// dst row r = src row order[r] (rows of `width` doubles) for r < n; then asks the CPU to fetch the rows
// next[0 .. nextCount) into its caches, so the next batch's gather finds them there. Copies only.
void gatherRows(const double* src, size_t width, const int32_t* order, size_t n, double* dst, const int32_t* next, size_t nextCount);

// dst (cols × rows) = srcᵀ, src rows × cols row-major. Copies only: exact anywhere. Must not overlap.
void transpose(dense::Variant v, const double* src, double* dst, size_t rows, size_t cols);

}  // namespace train
