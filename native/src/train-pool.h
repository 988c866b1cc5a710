// A second core for a training step (ops() and adamMany() with threads = 2): one helper thread per Node
// environment (main thread or worker), created on first use, stopped and joined by the environment's cleanup hook.
//
// Exactness: a job is split into parts that write disjoint outputs, each output computed by the same code with
// the same operations in the same order as without the split (gemm: blocks of rows or column panels of C; Adam:
// ranges of parameters). Which thread runs a part changes nothing in its bits.
//
// The helper spins for a while after each job (a step's next job follows within microseconds), then sleeps on a
// condition variable: an idle app never burns a core. Parts are claimed from a counter, so the caller runs every
// part the helper has not started (a busy or descheduled helper costs at most the part it holds, never a wait for
// it to wake). At most hardware_concurrency − 1 helpers are awake in the process at once (several trainings at
// once: the others run on their own thread alone), so the helpers never ask for more cores than the machine has.
#pragma once
#include <cstddef>

#include "dense.h"

#define NAPI_VERSION 8
#include <node_api.h>

namespace train {

// A part of a job: runs part `index` of `parts` on context `ctx`.
typedef void (*PartFn)(void* ctx, size_t index);

// Runs parts 0 .. parts − 1 of fn(ctx, ·), on the calling thread and (when it gets one) the environment's helper;
// returns once every part has run. Parts never throw.
void runParts(napi_env env, PartFn fn, void* ctx, size_t parts);

// gemm (train.h) split into row blocks or column panels over two threads (when worth it: m·k·n large enough),
// else on the calling thread. Same arguments, same bits.
void gemmParallel(napi_env env, dense::Variant v, char* base, size_t a, size_t sai, size_t sak, size_t b, size_t c, bool hasBias,
                  size_t bias, size_t m, size_t k, size_t n, size_t ld);

// One Adam quadruple (train.h's adam): w, grad, m, v of n parameters.
struct AdamArrays {
  double* w;
  const double* grad;
  double* m;
  double* v;
  size_t n;
  double* mirror = nullptr;  // (opsAdam) also receives each new w, when not null
};

// adam on every quadruple of `arrays` (count of them) with one set of constants, the parameters split into two
// ranges over two threads when there are enough of them. Same bits as adam on each in order.
void adamParallel(napi_env env, dense::Variant v, const AdamArrays* arrays, size_t count, double alpha, double c1, double c2, double eps);

}  // namespace train
