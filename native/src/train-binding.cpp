// The training step's bindings (train.h): gemm(), ops(), opsAdam(), transpose(), relu(), reluBackward(), adam(),
// adamMany() (gatherRows() is in gather-binding.cpp).
// See addon.cpp for the API.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <string>
#include <vector>

#include "bindings.h"
#include "napi-args.h"
#include "train-pool.h"
#include "train.h"

using namespace napi_args;

namespace {

// The optional threads argument of ops() and adamMany(): undefined or 1 (this thread alone) or 2 (with the
// environment's helper thread, train-pool.h: the same bits).
size_t threadsArg(napi_env env, napi_value v) {
  napi_valuetype type;
  check(env, napi_typeof(env, v, &type), "napi_typeof");
  if (type == napi_undefined) return 1;
  const size_t threads = count(env, v, "threads");
  if (threads != 1 && threads != 2) throwRange(env, "threads must be 1 or 2, got " + std::to_string(threads));
  return threads;
}

// What an ops() record touches (absolute addresses; empty spans for nothing), for opsAdam's order of updates.
struct Touch {
  Span write{0, 0};
  Span read[3] = {{0, 0}, {0, 0}, {0, 0}};
};

// How a checked record runs: `run` false only checks it (and says in *touch what it would touch); a gemm on
// `threads` threads, or with `ride` (opsAdam) updating parameters between the steps of its sums.
struct Exec {
  bool run = true;
  size_t threads = 1;
  train::AdamRide* ride = nullptr;
  Touch* touch = nullptr;
};

Span absolute(const Bytes& mem, Span s) {
  const auto base = reinterpret_cast<uintptr_t>(mem.data);
  return s.end > s.start ? Span{base + s.start, base + s.end} : Span{0, 0};
}

// relu (backward false) or reluBackward (true) over `n` doubles at byte addresses z and out of mem, checked.
void elementwiseChecked(napi_env env, const Bytes& mem, size_t z, size_t out, size_t n, bool backward, dense::Variant variant, const Exec& exec = {}) {
  const size_t bytes = mulAdd(env, n, 8, 0, "count");
  const Span sz{z, mulAdd(env, 1, z, bytes, "z")};
  const Span so{out, mulAdd(env, 1, out, bytes, backward ? "g" : "a")};
  inside(env, sz, mem.length, "z");
  inside(env, so, mem.length, backward ? "g" : "a");
  if (n == 0) return;
  // relu reads each z before writing its a, so a may be z itself (not a shifted copy of it)
  if (overlaps(sz, so) && (backward || z != out)) throwRange(env, backward ? "z and g overlap" : "z and a overlap (other than being the same)");
  if (exec.touch != nullptr) *exec.touch = Touch{absolute(mem, so), {absolute(mem, sz), {0, 0}, {0, 0}}};
  if (!exec.run) return;
  const double* zs = reinterpret_cast<const double*>(mem.data + z);
  double* os = reinterpret_cast<double*>(mem.data + out);
  if (backward) train::reluBackward(variant, zs, os, n);
  else train::relu(variant, zs, os, n);
}

napi_value elementwise(napi_env env, napi_callback_info info, bool backward) {
  return guarded(env, [&]() -> napi_value {
    const Args a = args(env, info);
    const Bytes mem = arrayBuffer(env, arg(env, a, 0), "memory");
    const size_t z = byteArg(env, arg(env, a, 1), "z");
    const size_t out = byteArg(env, arg(env, a, 2), backward ? "g" : "a");
    const size_t n = count(env, arg(env, a, 3), "count");
    const dense::Variant variant = variantArg(env, arg(env, a, 4));
    elementwiseChecked(env, mem, z, out, n, backward, variant);
    return nullptr;
  });
}

// gemm on mem with Gemm's checks (see train.h).
void gemmChecked(napi_env env, const Bytes& mem, size_t pa, size_t sai, size_t sak, size_t pb, size_t pc, size_t pbias, size_t m, size_t k, size_t n,
                 size_t ld, dense::Variant variant, const Exec& exec = {}) {
  if (m == 0 || n == 0) return;
  const size_t rowBytes = mulAdd(env, n, 8, 0, "n");
  if (ld < rowBytes) throwRange(env, "ld (" + std::to_string(ld) + " bytes) is shorter than a row of n = " + std::to_string(n) + " values");
  const Span c{pc, mulAdd(env, m - 1, ld, mulAdd(env, 1, pc, rowBytes, "c"), "c's extent")};
  inside(env, c, mem.length, "c");
  const bool hasBias = pbias != 0;
  const Span bias{pbias, hasBias ? mulAdd(env, 1, pbias, rowBytes, "bias") : pbias};
  if (hasBias) {
    inside(env, bias, mem.length, "bias");
    if (overlaps(c, bias)) throwRange(env, "c overlaps bias");
  }
  Touch touch{absolute(mem, c), {absolute(mem, bias), {0, 0}, {0, 0}}};
  if (k > 0) {
    const Span A{pa, mulAdd(env, m - 1, sai, mulAdd(env, k - 1, sak, mulAdd(env, 1, pa, 8, "a"), "a's extent"), "a's extent")};
    const Span B{pb, mulAdd(env, k - 1, ld, mulAdd(env, 1, pb, rowBytes, "b"), "b's extent")};
    inside(env, A, mem.length, "a");
    inside(env, B, mem.length, "b");
    if (overlaps(c, A)) throwRange(env, "c overlaps a");
    if (overlaps(c, B)) throwRange(env, "c overlaps b");
    touch.read[1] = absolute(mem, A);
    touch.read[2] = absolute(mem, B);
  }
  if (exec.touch != nullptr) *exec.touch = touch;
  if (!exec.run) return;
  if (exec.ride != nullptr) train::gemmRide(variant, mem.data, pa, sai, sak, pb, pc, hasBias, pbias, m, k, n, ld, exec.ride);
  else if (exec.threads > 1) train::gemmParallel(env, variant, mem.data, pa, sai, sak, pb, pc, hasBias, pbias, m, k, n, ld);
  else train::gemm(variant, mem.data, pa, sai, sak, pb, pc, hasBias, pbias, m, k, n, ld);
}

// transpose on mem with Transpose's checks.
void transposeChecked(napi_env env, const Bytes& mem, size_t src, size_t dst, size_t rows, size_t cols, dense::Variant variant, const Exec& exec = {}) {
  const size_t bytes = mulAdd(env, mulAdd(env, rows, cols, 0, "rows × cols"), 8, 0, "rows × cols");
  const Span s{src, mulAdd(env, 1, src, bytes, "src")};
  const Span d{dst, mulAdd(env, 1, dst, bytes, "dst")};
  inside(env, s, mem.length, "src");
  inside(env, d, mem.length, "dst");
  if (bytes == 0) return;
  if (overlaps(s, d)) throwRange(env, "src and dst overlap");
  if (exec.touch != nullptr) *exec.touch = Touch{absolute(mem, d), {absolute(mem, s), {0, 0}, {0, 0}}};
  if (!exec.run) return;
  train::transpose(variant, reinterpret_cast<const double*>(mem.data + src), reinterpret_cast<double*>(mem.data + dst), rows, cols);
}

// One slot of an ops() list as a count (bytes: also a multiple of 8), with count()'s and byteArg()'s checks.
size_t slot(napi_env env, const double* list, size_t at, const char* name, bool bytes) {
  const double d = list[at];
  if (!(d >= 0) || d > 9007199254740992.0 || std::floor(d) != d || d > static_cast<double>(SIZE_MAX / 16)) {
    throwRange(env, "ops[" + std::to_string(at) + "] (" + name + ") must be a non-negative integer, got " + std::to_string(d));
  }
  const auto x = static_cast<size_t>(d);
  if (bytes && x % 8 != 0) throwRange(env, "ops[" + std::to_string(at) + "] (" + name + ") must be a multiple of 8 bytes, got " + std::to_string(x));
  return x;
}

// The ops() record at list[at] (operation number op), checked, run as `exec` says; the record's length.
size_t record(napi_env env, const Bytes& mem, const Doubles& list, size_t at, size_t op, dense::Variant variant, const Exec& exec) {
  const double* l = list.data;
  if (at >= list.length) throwRange(env, "list ends before operation " + std::to_string(op));
  const double code = l[at];
  const size_t size = code == 0 ? 11 : code == 1 ? 5 : (code == 2 || code == 3) ? 4 : 0;
  if (size == 0) throwRange(env, "ops[" + std::to_string(at) + "] is not an operation code (0 gemm, 1 transpose, 2 relu, 3 reluBackward)");
  if (list.length - at < size) throwRange(env, "list ends inside operation " + std::to_string(op));
  if (code == 0) {
    gemmChecked(env, mem, slot(env, l, at + 1, "a", true), slot(env, l, at + 2, "sai", true), slot(env, l, at + 3, "sak", true), slot(env, l, at + 4, "b", true),
                slot(env, l, at + 5, "c", true), slot(env, l, at + 6, "bias", true), slot(env, l, at + 7, "m", false), slot(env, l, at + 8, "k", false),
                slot(env, l, at + 9, "n", false), slot(env, l, at + 10, "ld", true), variant, exec);
  } else if (code == 1) {
    transposeChecked(env, mem, slot(env, l, at + 1, "src", true), slot(env, l, at + 2, "dst", true), slot(env, l, at + 3, "rows", false), slot(env, l, at + 4, "cols", false), variant, exec);
  } else {
    elementwiseChecked(env, mem, slot(env, l, at + 1, "z", true), slot(env, l, at + 2, code == 2 ? "a" : "g", true), slot(env, l, at + 3, "count", false), code == 3, variant, exec);
  }
  return size;
}

Span span(const double* d, size_t n) { return Span{reinterpret_cast<uintptr_t>(d), reinterpret_cast<uintptr_t>(d) + n * sizeof(double)}; }

// The [w, grad, m, v] quadruples of a JS array of Float64Arrays, each checked (equal lengths, no overlap); empty ones
// left out. `mirrors` (opsAdam; undefined: none): an Array of one Float64Array per quadruple, w's length, or null.
std::vector<train::AdamArrays> quadruples(napi_env env, napi_value list, napi_value mirrors = nullptr) {
  bool isArray = false;
  check(env, napi_is_array(env, list, &isArray), "napi_is_array");
  if (!isArray) throwType(env, "arrays must be an Array of Float64Arrays (w, grad, m, v for each parameter)");
  uint32_t length = 0;
  check(env, napi_get_array_length(env, list, &length), "napi_get_array_length");
  if (length % 4 != 0) throwRange(env, "arrays holds " + std::to_string(length) + " arrays, not quadruples of w, grad, m, v");
  bool hasMirrors = false;
  if (mirrors != nullptr) {
    napi_valuetype type;
    check(env, napi_typeof(env, mirrors, &type), "napi_typeof");
    if (type != napi_undefined) {
      bool isMirrorArray = false;
      check(env, napi_is_array(env, mirrors, &isMirrorArray), "napi_is_array");
      uint32_t count = 0;
      if (isMirrorArray) check(env, napi_get_array_length(env, mirrors, &count), "napi_get_array_length");
      if (!isMirrorArray || count != length / 4) throwType(env, "mirrors must be an Array of one Float64Array (or null) per quadruple");
      hasMirrors = true;
    }
  }
  std::vector<train::AdamArrays> quads;
  quads.reserve(length / 4);
  for (uint32_t q = 0; q < length; q += 4) {
    Doubles d[4];
    for (uint32_t k = 0; k < 4; k++) {
      napi_value e;
      check(env, napi_get_element(env, list, q + k, &e), "napi_get_element");
      d[k] = doubles(env, e, k == 0 ? "w" : k == 1 ? "grad" : k == 2 ? "m" : "v");
    }
    const size_t n = d[0].length;
    if (d[1].length != n || d[2].length != n || d[3].length != n) throwRange(env, "arrays[" + std::to_string(q) + " … " + std::to_string(q + 3) + "]: w, grad, m and v must have the same length");
    double* mirror = nullptr;
    if (hasMirrors) {
      napi_value e;
      napi_valuetype type;
      check(env, napi_get_element(env, mirrors, q / 4, &e), "napi_get_element");
      check(env, napi_typeof(env, e, &type), "napi_typeof");
      if (type != napi_null) {
        const Doubles md = doubles(env, e, "mirror");
        if (md.length != n) throwRange(env, "mirrors[" + std::to_string(q / 4) + "] must have w's length (" + std::to_string(n) + ")");
        mirror = md.data;
      }
    }
    if (n == 0) continue;
    const Span sw = span(d[0].data, n), sg = span(d[1].data, n), sm = span(d[2].data, n), sv = span(d[3].data, n);
    const Span so = mirror != nullptr ? span(mirror, n) : Span{0, 0};
    if (overlaps(sw, sg) || overlaps(sw, sm) || overlaps(sw, sv) || overlaps(sg, sm) || overlaps(sg, sv) || overlaps(sm, sv) ||
        overlaps(so, sw) || overlaps(so, sg) || overlaps(so, sm) || overlaps(so, sv)) {
      throwRange(env, "arrays[" + std::to_string(q) + " … " + std::to_string(q + 3) + "]: w, grad, m, v (and its mirror) must not overlap");
    }
    quads.push_back({d[0].data, d[1].data, d[2].data, d[3].data, n, mirror});
  }
  return quads;
}

// True when no quadruple writes what another one reads or writes: then their order cannot matter.
bool apart(const std::vector<train::AdamArrays>& quads) {
  for (size_t p = 0; p < quads.size(); p++) {
    for (size_t q = p + 1; q < quads.size(); q++) {
      const train::AdamArrays& x = quads[p];
      const train::AdamArrays& y = quads[q];
      // written (w, m, v, mirror) first, read (grad) last
      const Span xs[5] = {span(x.w, x.n), span(x.m, x.n), span(x.v, x.n), x.mirror ? span(x.mirror, x.n) : Span{0, 0}, span(x.grad, x.n)};
      const Span ys[5] = {span(y.w, y.n), span(y.m, y.n), span(y.v, y.n), y.mirror ? span(y.mirror, y.n) : Span{0, 0}, span(y.grad, y.n)};
      for (int i = 0; i < 5; i++)
        for (int k = 0; k < 5; k++)
          if ((i < 4 || k < 4) && overlaps(xs[i], ys[k])) return false;
    }
  }
  return true;
}

}  // namespace

namespace bindings {

napi_value Gemm(napi_env env, napi_callback_info info) {
  return guarded(env, [&]() -> napi_value {
    const Args a = args(env, info);
    const Bytes mem = arrayBuffer(env, arg(env, a, 0), "memory");
    const size_t pa = byteArg(env, arg(env, a, 1), "a");
    const size_t sai = byteArg(env, arg(env, a, 2), "sai");
    const size_t sak = byteArg(env, arg(env, a, 3), "sak");
    const size_t pb = byteArg(env, arg(env, a, 4), "b");
    const size_t pc = byteArg(env, arg(env, a, 5), "c");
    const size_t pbias = byteArg(env, arg(env, a, 6), "bias");
    const size_t m = count(env, arg(env, a, 7), "m");
    const size_t k = count(env, arg(env, a, 8), "k");
    const size_t n = count(env, arg(env, a, 9), "n");
    const size_t ld = byteArg(env, arg(env, a, 10), "ld");
    const dense::Variant variant = variantArg(env, arg(env, a, 11));
    gemmChecked(env, mem, pa, sai, sak, pb, pc, pbias, m, k, n, ld, variant);
    return nullptr;
  });
}

// ops(memory, list, count, variant?, threads?): `count` operations from a Float64Array, run in order, each checked as its
// own binding checks it (an error stops the list there). Records: [0, a, sai, sak, b, c, bias, m, k, n, ld] gemm,
// [1, src, dst, rows, cols] transpose, [2, z, a, count] relu, [3, z, g, count] reluBackward. One call instead of
// several: a call through Node-API costs about 0.3–0.9 µs here, a training step makes two dozen. threads 2: large
// products split over this thread and the environment's helper (train-pool.h), the same bits.
napi_value Ops(napi_env env, napi_callback_info info) {
  return guarded(env, [&]() -> napi_value {
    const Args a = args(env, info);
    const Bytes mem = arrayBuffer(env, arg(env, a, 0), "memory");
    const Doubles list = doubles(env, arg(env, a, 1), "list");
    const size_t count_ = count(env, arg(env, a, 2), "count");
    const dense::Variant variant = variantArg(env, arg(env, a, 3));
    Exec exec;
    exec.threads = threadsArg(env, arg(env, a, 4));
    for (size_t op = 0, at = 0; op < count_; op++) at += record(env, mem, list, at, op, variant, exec);
    return nullptr;
  });
}

napi_value Transpose(napi_env env, napi_callback_info info) {
  return guarded(env, [&]() -> napi_value {
    const Args a = args(env, info);
    const Bytes mem = arrayBuffer(env, arg(env, a, 0), "memory");
    const size_t src = byteArg(env, arg(env, a, 1), "src");
    const size_t dst = byteArg(env, arg(env, a, 2), "dst");
    const size_t rows = count(env, arg(env, a, 3), "rows");
    const size_t cols = count(env, arg(env, a, 4), "cols");
    const dense::Variant variant = variantArg(env, arg(env, a, 5));
    transposeChecked(env, mem, src, dst, rows, cols, variant);
    return nullptr;
  });
}

napi_value Relu(napi_env env, napi_callback_info info) { return elementwise(env, info, false); }
napi_value ReluBackward(napi_env env, napi_callback_info info) { return elementwise(env, info, true); }

// adamMany(arrays, alpha, c1, c2, eps, variant?, threads?): adam() on each quadruple [w, grad, m, v] of a JS array
// of Float64Arrays, in order, with one set of constants: one call for all the parameter arrays of a step. Every
// quadruple is checked before any is updated. threads 2: the parameters split in two ranges over this thread and
// the environment's helper (train-pool.h), the same bits.
napi_value AdamMany(napi_env env, napi_callback_info info) {
  return guarded(env, [&]() -> napi_value {
    const Args a = args(env, info);
    const std::vector<train::AdamArrays> quads = quadruples(env, arg(env, a, 0));
    const double alpha = number(env, arg(env, a, 1), "alpha");
    const double c1 = number(env, arg(env, a, 2), "c1");
    const double c2 = number(env, arg(env, a, 3), "c2");
    const double eps = number(env, arg(env, a, 4), "eps");
    const dense::Variant variant = variantArg(env, arg(env, a, 5));
    const size_t threads = threadsArg(env, arg(env, a, 6));
    if (threads > 1 && apart(quads)) train::adamParallel(env, variant, quads.data(), quads.size(), alpha, c1, c2, eps);
    else
      for (const train::AdamArrays& x : quads) train::adam(variant, x.w, x.grad, x.m, x.v, x.n, alpha, c1, c2, eps);
    return nullptr;
  });
}

// opsAdam(memory, list, count, arrays, alpha, c1, c2, eps, variant?, mirrors?, threads?): ops(memory, list, count) then
// adamMany(arrays, alpha, c1, c2, eps), the same bits, and each new w also copied into its mirror (when given), but each quadruple's updates ride along the list's products (train.h's
// gemmRide) from the first operation after the last one that touches its arrays. Everything is checked first: an
// error runs nothing. One call and Adam's divisions nearly hidden: a training step's backward pass and update.
napi_value OpsAdam(napi_env env, napi_callback_info info) {
  return guarded(env, [&]() -> napi_value {
    const Args a = args(env, info);
    const Bytes mem = arrayBuffer(env, arg(env, a, 0), "memory");
    const Doubles list = doubles(env, arg(env, a, 1), "list");
    const size_t count_ = count(env, arg(env, a, 2), "count");
    const std::vector<train::AdamArrays> quads = quadruples(env, arg(env, a, 3), arg(env, a, 9));
    const double alpha = number(env, arg(env, a, 4), "alpha");
    const double c1 = number(env, arg(env, a, 5), "c1");
    const double c2 = number(env, arg(env, a, 6), "c2");
    const double eps = number(env, arg(env, a, 7), "eps");
    const dense::Variant variant = variantArg(env, arg(env, a, 8));
    const size_t threads = threadsArg(env, arg(env, a, 10));
    std::vector<Touch> touches(count_);
    Exec check;
    check.run = false;
    for (size_t op = 0, at = 0; op < count_; op++) {
      check.touch = &touches[op];
      at += record(env, mem, list, at, op, variant, check);
    }
    // (ready, q): q may start before operation `ready` (quadruples touching one another wait for the end, in order)
    const bool separate = apart(quads);
    std::vector<std::pair<size_t, size_t>> ready;
    for (size_t q = 0; q < quads.size(); q++) {
      const train::AdamArrays& x = quads[q];
      const Span w = span(x.w, x.n), g = span(x.grad, x.n), m = span(x.m, x.n), v = span(x.v, x.n);
      const Span o = x.mirror != nullptr ? span(x.mirror, x.n) : Span{0, 0};
      size_t at = separate ? 0 : count_;
      for (size_t op = at; op < count_; op++) {
        const Touch& t = touches[op];
        bool hit = overlaps(t.write, w) || overlaps(t.write, g) || overlaps(t.write, m) || overlaps(t.write, v) || overlaps(t.write, o);
        for (const Span& r : t.read) hit = hit || overlaps(r, w) || overlaps(r, m) || overlaps(r, v) || overlaps(r, o);
        if (hit) at = op + 1;
      }
      ready.emplace_back(at, q);
    }
    std::stable_sort(ready.begin(), ready.end(), [](const auto& p, const auto& q) { return p.first < q.first; });
    std::vector<train::AdamSegment> segments;
    for (const auto& r : ready) {
      const train::AdamArrays& x = quads[r.second];
      segments.push_back({x.w, x.grad, x.m, x.v, x.n, x.mirror});
    }
    train::AdamRide ride{nullptr, nullptr, nullptr, nullptr, 0, 0, alpha, c1, c2, eps, segments.data(), 0, 0, nullptr};
    // threads 2: a product with fewer than 2,048 parameters ready to ride takes both threads, those updated first
    for (size_t op = 0, at = 0; op < count_; op++) {
      while (ride.count < segments.size() && ready[ride.count].first <= op) ride.count++;
      Exec run;
      run.ride = &ride;
      if (threads > 1) {
        size_t waiting = ride.n - ride.i;
        for (size_t s = ride.next; s < ride.count; s++) waiting += segments[s].n;
        if (waiting < 2048) {
          train::rideFinish(variant, &ride);
          run.ride = nullptr;
          run.threads = threads;
        }
      }
      at += record(env, mem, list, at, op, variant, run);
    }
    ride.count = segments.size();
    train::rideFinish(variant, &ride);
    return nullptr;
  });
}

napi_value Adam(napi_env env, napi_callback_info info) {
  return guarded(env, [&]() -> napi_value {
    const Args a = args(env, info);
    const Doubles w = doubles(env, arg(env, a, 0), "w");
    const Doubles g = doubles(env, arg(env, a, 1), "grad");
    const Doubles m = doubles(env, arg(env, a, 2), "m");
    const Doubles v = doubles(env, arg(env, a, 3), "v");
    const double alpha = number(env, arg(env, a, 4), "alpha");
    const double c1 = number(env, arg(env, a, 5), "c1");
    const double c2 = number(env, arg(env, a, 6), "c2");
    const double eps = number(env, arg(env, a, 7), "eps");
    const dense::Variant variant = variantArg(env, arg(env, a, 8));
    const size_t n = w.length;
    if (g.length != n || m.length != n || v.length != n) {
      throwRange(env, "w, grad, m and v must have the same length (" + std::to_string(n) + ", " + std::to_string(g.length) + ", " + std::to_string(m.length) + ", " + std::to_string(v.length) + ")");
    }
    if (n == 0) return nullptr;
    const auto span = [n](const double* p) { return Span{reinterpret_cast<uintptr_t>(p), reinterpret_cast<uintptr_t>(p) + n * sizeof(double)}; };
    const Span sw = span(w.data), sg = span(g.data), sm = span(m.data), sv = span(v.data);
    if (overlaps(sw, sg) || overlaps(sw, sm) || overlaps(sw, sv) || overlaps(sg, sm) || overlaps(sg, sv) || overlaps(sm, sv)) {
      throwRange(env, "w, grad, m and v must not overlap");
    }
    train::adam(variant, w.data, g.data, m.data, v.data, n, alpha, c1, c2, eps);
    return nullptr;
  });
}

}  // namespace bindings
