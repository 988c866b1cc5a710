// The helper thread of train-pool.h and the split gemm and Adam on it.
#include "train-pool.h"

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <thread>

#include "train.h"

#if defined(__x86_64__) || defined(_M_X64) || defined(__i386__)
#include <immintrin.h>
#define POOL_PAUSE() _mm_pause()
#else
#define POOL_PAUSE() std::this_thread::yield()
#endif

namespace train {
namespace {

using Clock = std::chrono::steady_clock;

// How long an idle helper spins before it sleeps: a training step's jobs come every few microseconds, a pause
// between epochs or runs takes far longer.
constexpr auto kSpin = std::chrono::microseconds(200);
// When the helper held up a job (a part it claimed took this long to come back: it was preempted, the machine is
// busy) or ran none of the last kIdleJobs jobs, the caller runs alone for kCalm: no core to share just now.
constexpr auto kStall = std::chrono::microseconds(50);
constexpr int kIdleJobs = 8;
constexpr auto kCalm = std::chrono::milliseconds(20);
// Below these sizes a split costs more than it saves (measured: a hand-off is about half a microsecond).
constexpr size_t kGemmMinWork = 100000;  // m·k·n multiply-adds
constexpr size_t kAdamMinParams = 4096;

// Helpers awake in the whole process (every environment's), at most hardware_concurrency − 1.
std::atomic<int> gAwake{0};

int maxAwake() {
  static const int most = [] {
    const unsigned cores = std::thread::hardware_concurrency();
    return cores > 1 ? static_cast<int>(cores) - 1 : 0;
  }();
  return most;
}

bool takeSlot() {
  int now = gAwake.load(std::memory_order_relaxed);
  while (now < maxAwake()) {
    if (gAwake.compare_exchange_weak(now, now + 1, std::memory_order_acq_rel)) return true;
  }
  return false;
}

// state packs the job's generation (high 32 bits), its part count (16 bits) and the next unclaimed part (low 16
// bits): one fetch_add claims a part and tells which job it belongs to, so fn and ctx are read only for a part
// of the job that published them (its store of state happens before the claim that reads it).
constexpr uint32_t genOf(uint64_t s) { return static_cast<uint32_t>(s >> 32); }
constexpr size_t partsOf(uint64_t s) { return static_cast<size_t>((s >> 16) & 0xffff); }
constexpr size_t indexOf(uint64_t s) { return static_cast<size_t>(s & 0xffff); }

struct Pool {
  std::thread thread;
  std::mutex mu;
  std::condition_variable cv;
  std::atomic<uint64_t> state{0};
  std::atomic<size_t> done{0};
  PartFn fn = nullptr;
  void* ctx = nullptr;
  std::atomic<bool> sleeping{false};
  std::atomic<bool> awake{false};  // the helper holds one of the process's slots (gAwake)
  std::atomic<bool> stop{false};
  uint32_t gen = 0;  // the caller's (JS thread's) count of jobs posted
  int idleJobs = 0;  // the caller's count of jobs in a row the helper took no part in
  Clock::time_point aloneUntil{};  // the caller's: run alone until then

  // Claims and runs parts until the job has none left; the generation of the last claim (*ran: parts run here).
  uint32_t work(size_t* ran = nullptr) {
    for (;;) {
      const uint64_t s = state.fetch_add(1, std::memory_order_acq_rel);
      if (indexOf(s) >= partsOf(s)) return genOf(s);
      fn(ctx, indexOf(s));
      if (ran != nullptr) ++*ran;
      done.fetch_add(1, std::memory_order_release);
    }
  }

  void loop() {
    uint32_t seen = 0;
    for (;;) {
      {
        std::unique_lock<std::mutex> lock(mu);
        sleeping.store(true, std::memory_order_seq_cst);
        while (!stop.load() && genOf(state.load(std::memory_order_seq_cst)) == seen) cv.wait(lock);
        sleeping.store(false, std::memory_order_relaxed);
      }
      if (stop.load()) return;
      if (!takeSlot()) {
        // every core is taken by another environment's helper: this job (and the next ones) run on the caller alone
        seen = genOf(state.load(std::memory_order_acquire));
        continue;
      }
      awake.store(true, std::memory_order_release);
      auto last = Clock::now();
      for (unsigned spins = 0; !stop.load(std::memory_order_relaxed);) {
        if (genOf(state.load(std::memory_order_acquire)) != seen) {
          seen = work();
          last = Clock::now();
          continue;
        }
        POOL_PAUSE();
        if (++spins % 64 == 0 && Clock::now() - last > kSpin) break;
      }
      awake.store(false, std::memory_order_release);
      gAwake.fetch_sub(1, std::memory_order_acq_rel);
    }
  }
};

void stopPool(void* data) {
  auto* pool = static_cast<Pool*>(data);
  pool->stop.store(true);
  {
    std::lock_guard<std::mutex> lock(pool->mu);
  }
  pool->cv.notify_all();
  if (pool->thread.joinable()) pool->thread.join();
  delete pool;
}

// The environment's pool, started on first use; nullptr when no thread could be started (then callers run alone).
Pool* poolFor(napi_env env) {
  void* data = nullptr;
  if (napi_get_instance_data(env, &data) != napi_ok) return nullptr;
  if (data != nullptr) return static_cast<Pool*>(data);
  auto* pool = new Pool();
  try {
    pool->thread = std::thread([pool] { pool->loop(); });
  } catch (...) {
    delete pool;
    return nullptr;
  }
  if (napi_set_instance_data(env, pool, nullptr, nullptr) != napi_ok || napi_add_env_cleanup_hook(env, stopPool, pool) != napi_ok) {
    stopPool(pool);
    return nullptr;
  }
  return pool;
}

}  // namespace

void runParts(napi_env env, PartFn fn, void* ctx, size_t parts) {
  Pool* pool = parts > 1 && parts < 0xffff && maxAwake() > 0 ? poolFor(env) : nullptr;
  // no helper, or a sleeping one that could not get a core anyway: everything here
  if (pool == nullptr || (!pool->awake.load(std::memory_order_acquire) && gAwake.load(std::memory_order_relaxed) >= maxAwake()) ||
      (pool->aloneUntil != Clock::time_point{} && Clock::now() < pool->aloneUntil)) {
    for (size_t i = 0; i < parts; i++) fn(ctx, i);
    return;
  }
  pool->fn = fn;
  pool->ctx = ctx;
  pool->done.store(0, std::memory_order_relaxed);
  pool->gen++;
  pool->state.store(static_cast<uint64_t>(pool->gen) << 32 | static_cast<uint64_t>(parts) << 16, std::memory_order_seq_cst);
  if (pool->sleeping.load(std::memory_order_seq_cst)) {
    { std::lock_guard<std::mutex> lock(pool->mu); }
    pool->cv.notify_one();
  }
  size_t ran = 0;
  pool->work(&ran);
  // the parts the helper claimed: it is running them now
  Clock::time_point waiting{};
  bool stalled = false;
  for (unsigned spins = 0; pool->done.load(std::memory_order_acquire) < parts; spins++) {
    if (spins < 20000) POOL_PAUSE();
    else std::this_thread::yield();
    if (spins % 256 == 0) {
      const auto now = Clock::now();
      if (waiting == Clock::time_point{}) waiting = now;
      else if (now - waiting > kStall) stalled = true;
    }
  }
  pool->idleJobs = ran == parts ? pool->idleJobs + 1 : 0;
  if (stalled || pool->idleJobs >= kIdleJobs) {
    pool->idleJobs = 0;
    pool->aloneUntil = Clock::now() + kCalm;
  }
}

namespace {

struct GemmJob {
  dense::Variant v;
  char* base;
  size_t a, sai, sak, b, c;
  bool hasBias;
  size_t bias, m, k, n, ld;
  bool byRows;
  size_t split;  // the first row (byRows) or column of part 1
};

void gemmPart(void* p, size_t index) {
  const GemmJob& j = *static_cast<const GemmJob*>(p);
  if (j.byRows) {
    const size_t i0 = index == 0 ? 0 : j.split, i1 = index == 0 ? j.split : j.m;
    gemm(j.v, j.base, j.a + i0 * j.sai, j.sai, j.sak, j.b, j.c + i0 * j.ld, j.hasBias, j.bias, i1 - i0, j.k, j.n, j.ld);
  } else {
    const size_t j0 = index == 0 ? 0 : j.split, j1 = index == 0 ? j.split : j.n;
    gemm(j.v, j.base, j.a, j.sai, j.sak, j.b + j0 * 8, j.c + j0 * 8, j.hasBias, j.hasBias ? j.bias + j0 * 8 : 0, j.m, j.k, j1 - j0, j.ld);
  }
}

struct AdamJob {
  dense::Variant v;
  const AdamArrays* arrays;
  size_t count;
  double alpha, c1, c2, eps;
  size_t split;  // part 0 updates parameters [0, split) of the arrays laid end to end, part 1 the rest
  size_t total;
};

void adamPart(void* p, size_t index) {
  const AdamJob& j = *static_cast<const AdamJob*>(p);
  const size_t lo = index == 0 ? 0 : j.split, hi = index == 0 ? j.split : j.total;
  size_t start = 0;
  for (size_t q = 0; q < j.count; q++) {
    if (hi <= start) break;
    const AdamArrays& x = j.arrays[q];
    const size_t from = lo > start ? lo - start : 0, to = hi - start < x.n ? hi - start : x.n;
    if (from < to) adam(j.v, x.w + from, x.grad + from, x.m + from, x.v + from, to - from, j.alpha, j.c1, j.c2, j.eps);
    start += x.n;
  }
}

}  // namespace

void gemmParallel(napi_env env, dense::Variant v, char* base, size_t a, size_t sai, size_t sak, size_t b, size_t c, bool hasBias,
                  size_t bias, size_t m, size_t k, size_t n, size_t ld) {
  // (one column: train.cpp's column path, which may copy A, stays on the calling thread)
  if (n == 1) return gemm(v, base, a, sai, sak, b, c, hasBias, bias, m, k, n, ld);
  const bool byRows = m >= 8;
  // column halves on whole cache lines (8 doubles), so the two threads never write the same line
  const size_t split = byRows ? m / 2 : (n / 2 + 7) / 8 * 8;
  if (m * k * n < kGemmMinWork || (!byRows && split >= n)) return gemm(v, base, a, sai, sak, b, c, hasBias, bias, m, k, n, ld);
  GemmJob job{v, base, a, sai, sak, b, c, hasBias, bias, m, k, n, ld, byRows, split};
  runParts(env, gemmPart, &job, 2);
}

void adamParallel(napi_env env, dense::Variant v, const AdamArrays* arrays, size_t count, double alpha, double c1, double c2, double eps) {
  size_t total = 0;
  for (size_t q = 0; q < count; q++) total += arrays[q].n;
  if (total < kAdamMinParams) {
    for (size_t q = 0; q < count; q++) {
      if (arrays[q].n > 0) adam(v, arrays[q].w, arrays[q].grad, arrays[q].m, arrays[q].v, arrays[q].n, alpha, c1, c2, eps);
    }
    return;
  }
  AdamJob job{v, arrays, count, alpha, c1, c2, eps, total / 2 / 8 * 8, total};
  runParts(env, adamPart, &job, 2);
}

}  // namespace train
