// csvLoadNumeric's and csvHistogramAsync's threads (csv-parallel.cpp describes both calls).
#include <algorithm>
#include <atomic>
#include <cerrno>
#include <condition_variable>
#include <cstring>
#include <mutex>
#include <thread>
#include <vector>

#ifndef _WIN32
#include <unistd.h>
#endif
#ifdef __linux__
#include <sys/mman.h>
#ifndef MADV_POPULATE_WRITE
#define MADV_POPULATE_WRITE 23
#endif
#endif

#include "csv-parallel.h"
#include "csv-rows.h"

namespace csv_parallel {
namespace {

// Bytes each thread reads at a time (its buffer stays in cache while its records are parsed and measured).
constexpr size_t kBuffer = 1 << 20;
constexpr size_t kPad = 64;
// Counting a chunk's line ends costs about this share of reading its records: chunk 0, whose thread counts
// nothing, is made longer by as much.
constexpr double kCountCost = 0.12;

enum Code { kRead = 0, kNotPlain = 1, kStopped = 2, kFileError = 3, kNoRoom = 4, kUnavailable = 5 };

static_assert(sizeof(std::atomic<int32_t>) == sizeof(int32_t), "status cells are plain int32 values");

std::atomic<int32_t>* cell(int32_t* status, size_t k) { return reinterpret_cast<std::atomic<int32_t>*>(status + k); }

// Up to len bytes at offset off: the count read (fewer only at the end of the file), or −1 on an error.
long long readAt(int fd, uint8_t* buf, size_t len, size_t off) {
#ifdef _WIN32
  (void)fd, (void)buf, (void)len, (void)off;
  return -1;
#else
  size_t got = 0;
  while (got < len) {
    const ssize_t n = pread(fd, buf + got, len - got, static_cast<off_t>(off + got));
    if (n < 0) {
      if (errno == EINTR) continue;
      return -1;
    }
    if (n == 0) break;
    got += static_cast<size_t>(n);
  }
  return static_cast<long long>(got);
#endif
}

// Map the whole pages of [p, p + length) now, in one call (Linux 5.14+; elsewhere, or when refused, they are mapped
// on first touch as usual): one call costs less than a fault per page. False when refused.
bool populate(void* p, size_t length) {
#ifdef __linux__
  static const size_t page = static_cast<size_t>(sysconf(_SC_PAGESIZE));
  const uintptr_t from = (reinterpret_cast<uintptr_t>(p) + page - 1) & ~(page - 1);
  const uintptr_t to = (reinterpret_cast<uintptr_t>(p) + length) & ~(page - 1);
  return to <= from || madvise(reinterpret_cast<void*>(from), to - from, MADV_POPULATE_WRITE) == 0;
#else
  (void)p, (void)length;
  return false;
#endif
}

size_t countLineEnds(const uint8_t* p, size_t n) {
  size_t count = 0, i = 0;
#ifdef CSV_ROWS_SSE2
  const __m128i nl = _mm_set1_epi8('\n'), zero = _mm_setzero_si128();
  while (i + 16 <= n) {
    __m128i acc = zero;  // per byte lane, up to 255 hits
    const size_t stop = std::min(n - (n - i) % 16, i + 255 * 16);
    for (; i < stop; i += 16) acc = _mm_sub_epi8(acc, _mm_cmpeq_epi8(_mm_loadu_si128(reinterpret_cast<const __m128i*>(p + i)), nl));
    const __m128i sums = _mm_sad_epu8(acc, zero);
    count += static_cast<size_t>(_mm_cvtsi128_si32(sums)) + static_cast<size_t>(_mm_cvtsi128_si32(_mm_srli_si128(sums, 8)));
  }
#endif
  for (; i < n; i++) count += p[i] == '\n';
  return count;
}

class Load {
 public:
  explicit Load(LoadJob& job)
      : job_(job), begin_(job.threads + 1), lineEnds_(job.threads, 0), counted_(job.threads, 0), rowsOf_(job.threads, 0), which_(job.cols, 2) {}

  void run() {
    const size_t threads = job_.threads, cols = job_.cols, blockRows = job_.blockRows;
    const size_t blocks = (job_.capacityRows + blockRows - 1) / blockRows;
    job_.partials.assign(blocks * 6 * cols, 0.0);
    blockDone_.assign(blocks, 0);
    if (!split()) return finish(kFileError);
    std::vector<std::thread> started;
    try {
      for (size_t k = 1; k < threads; k++) started.emplace_back([this, k] { body(k); });
    } catch (...) {
      fail(kUnavailable);
    }
    body(0);
    for (std::thread& t : started) t.join();
    if (failure_.load() >= 0) return finish(failure_.load());
    size_t total = job_.rowStart;
    for (size_t k = 0; k < threads; k++) {
      // Every chunk but the last was read to its end: one row per line end that its successor counted.
      if (k + 1 < threads && rowsOf_[k] != lineEnds_[k]) return finish(kNotPlain);
      total += rowsOf_[k];
    }
    const size_t used = (total + blockRows - 1) / blockRows;
    for (size_t j = 0; j < used; j++) {
      if (blockDone_[j] == 0) measure(j, std::min(blockRows, total - j * blockRows));
    }
    job_.partials.resize(used * 6 * cols);
    job_.rows = total - job_.rowStart;
    job_.code = kRead;
  }

 private:
  LoadJob& job_;
  std::vector<size_t> begin_;
  std::vector<size_t> lineEnds_;
  std::vector<uint8_t> counted_;
  std::vector<size_t> rowsOf_;
  std::vector<uint8_t> which_;
  std::vector<uint8_t> blockDone_;
  std::mutex mutex_;
  std::condition_variable changed_;
  std::atomic<int> failure_{-1};

  void finish(int code) {
    job_.code = code;
    job_.rows = 0;
    job_.partials.clear();
  }

  void fail(int code) {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      int none = -1;
      failure_.compare_exchange_strong(none, code);
    }
    changed_.notify_all();
  }

  bool stopping() {
    if (failure_.load(std::memory_order_relaxed) >= 0) return true;
    if (cell(job_.status, 0)->load(std::memory_order_relaxed) != 0) {
      fail(kStopped);
      return true;
    }
    return false;
  }

  // Chunk boundaries: thread k > 0 counts chunk k − 1 before reading chunk k, so chunk sizes fall by kCountCost.
  bool split() {
    const size_t threads = job_.threads, length = job_.end - job_.start;
    std::vector<double> weight(threads, 1.0);
    double sum = 1.0;
    for (size_t k = 1; k < threads; k++) sum += (weight[k] = std::max(0.2, 1.0 - kCountCost * weight[k - 1]));
    begin_[0] = job_.start;
    begin_[threads] = job_.end;
    double before = 0;
    std::vector<uint8_t> window(64 * 1024);
    for (size_t k = 1; k < threads; k++) {
      before += weight[k - 1];
      size_t at = std::max(begin_[k - 1], job_.start + static_cast<size_t>(static_cast<double>(length) * before / sum));
      // Just after the first line end at or after at − 1 (at itself when a line ends just before it).
      size_t from = at > job_.start ? at - 1 : at;
      size_t found = job_.end;
      while (from < job_.end) {
        const long long n = readAt(job_.fd, window.data(), std::min(window.size(), job_.end - from), from);
        if (n <= 0) return false;
        const void* nl = std::memchr(window.data(), '\n', static_cast<size_t>(n));
        if (nl != nullptr) {
          found = from + static_cast<size_t>(static_cast<const uint8_t*>(nl) - window.data()) + 1;
          break;
        }
        from += static_cast<size_t>(n);
      }
      begin_[k] = std::max(found, begin_[k - 1]);
    }
    return true;
  }

  // Block j's statistics (rows rows from row j·blockRows) into its partials, initialised as blockPartial does.
  void measure(size_t j, size_t rows) {
    const size_t cols = job_.cols;
    double* out = job_.partials.data() + j * 6 * cols;
    std::fill(out, out + 4 * cols, 0.0);
    std::fill(out + 4 * cols, out + 5 * cols, __builtin_inf());
    std::fill(out + 5 * cols, out + 6 * cols, -__builtin_inf());
    const size_t at = j * job_.blockRows * cols;
    csv_scan::blockStats(job_.vals + at, job_.kinds + at, rows * cols, cols, which_.data(), out, out + cols, out + 2 * cols, out + 3 * cols,
                         out + 4 * cols, out + 5 * cols);
  }

  void body(size_t k) {
    try {
      read(k);
    } catch (...) {
      fail(kUnavailable);
    }
  }

  // Thread k: count chunk k − 1's line ends, wait for the counts before it, then read chunk k.
  void read(size_t k) {
    std::vector<uint8_t> buf(kBuffer + kPad);
    size_t firstRow = job_.rowStart;
    if (k > 0) {
      size_t lines = 0;
      for (size_t off = begin_[k - 1]; off < begin_[k];) {
        if (stopping()) return;
        const size_t want = std::min(kBuffer, begin_[k] - off);
        if (readAt(job_.fd, buf.data(), want, off) != static_cast<long long>(want)) return fail(kFileError);
        lines += countLineEnds(buf.data(), want);
        off += want;
      }
      {
        std::unique_lock<std::mutex> lock(mutex_);
        lineEnds_[k - 1] = lines;
        counted_[k - 1] = 1;
        changed_.notify_all();
        changed_.wait(lock, [&] { return failure_.load() >= 0 || std::all_of(counted_.begin(), counted_.begin() + k, [](uint8_t c) { return c != 0; }); });
        if (failure_.load() >= 0) return;
        for (size_t j = 0; j < k; j++) firstRow += lineEnds_[j];
      }
    }
    const size_t cols = job_.cols, blockRows = job_.blockRows, end = begin_[k + 1];
    const bool last = k + 1 == job_.threads;
    // Blocks this thread measures as it goes: those wholly within its rows (thread 0's include the rows before).
    size_t nextBlock = ((k == 0 ? 0 : firstRow) + blockRows - 1) / blockRows;
    if (firstRow > job_.capacityRows) return fail(kNoRoom);
    size_t row = firstRow, off = begin_[k], have = 0;
    csv_scan::Scanner scanner;
    scanner.writeKinds(false);  // zero already (csv-parallel.cpp: fresh buffers)
    uint8_t* const b = buf.data();
    // Rows whose pages are mapped ahead of the reading (from the bytes per row seen in the first buffer).
    size_t mappedTo = firstRow;
    double rowsPerByte = 0;
    bool mapping = true;
    for (;;) {
      if (stopping()) return;
      const size_t want = std::min(kBuffer - have, end - off);
      if (want > 0) {
        if (readAt(job_.fd, b + have, want, off) != static_cast<long long>(want)) return fail(kFileError);
        off += want;
        have += want;
        cell(job_.status, 1 + k)->store(static_cast<int32_t>((off - begin_[k]) >> 10), std::memory_order_relaxed);
      }
      if (rowsPerByte == 0 && off > begin_[k] + have) rowsPerByte = static_cast<double>(row - firstRow) / static_cast<double>(off - begin_[k] - have);
      if (mapping && rowsPerByte > 0) {
        const size_t ahead = std::min(job_.capacityRows, row + static_cast<size_t>(static_cast<double>(have) * rowsPerByte * 1.1) + 16);
        if (ahead > mappedTo) {
          const size_t from = std::max(row, mappedTo);
          mapping = populate(job_.vals + from * cols, (ahead - from) * cols * 8);
          mappedTo = ahead;
        }
      }
      const bool atEnd = off == end;
      size_t stop = 0;
      row += scanner.scan(b, 0, have, job_.delim, job_.point, cols, job_.vals + row * cols, job_.kinds + row * cols, job_.capacityRows - row, &stop);
      for (; (nextBlock + 1) * blockRows <= row; nextBlock++) {
        measure(nextBlock, blockRows);
        blockDone_[nextBlock] = 1;
      }
      if (stop == have) {
        have = 0;
        if (atEnd) break;
        continue;
      }
      // Left over: a record cut by the buffer's end, or one that is not plain (or no room for it).
      if (std::memchr(b + stop, '\n', have - stop) != nullptr) return fail(row == job_.capacityRows ? kNoRoom : kNotPlain);
      if (atEnd) {
        // The file's last record without a line end: read as if it had one.
        if (!last || std::memchr(b + stop, '\r', have - stop) != nullptr) return fail(kNotPlain);
        if (row == job_.capacityRows) return fail(kNoRoom);
        b[have] = '\n';
        size_t after = 0;
        const size_t one = scanner.scan(b, stop, have + 1, job_.delim, job_.point, cols, job_.vals + row * cols, job_.kinds + row * cols, 1, &after);
        if (one != 1 || after != have + 1) return fail(kNotPlain);
        row++;
        break;
      }
      if (stop == 0 && have == kBuffer) return fail(kNotPlain);  // a record longer than the buffer
      std::memmove(b, b + stop, have - stop);
      have -= stop;
    }
    rowsOf_[k] = row - firstRow;
  }
};

}  // namespace

void LoadJob::run() {
#ifdef _WIN32
  code = kUnavailable;
#else
  // No exception may leave a thread of the pool (it would end the process): out of memory is a refusal.
  try {
    Load(*this).run();
  } catch (...) {
    code = kUnavailable;
    rows = 0;
    partials.clear();
  }
#endif
}

void histogramThreads(const double* values, const uint8_t* missing, size_t rows, size_t cols, const int32_t* bins, const double* lo,
                      const double* scale, size_t threads, std::vector<double>* counts) {
  const size_t parts = std::max<size_t>(1, std::min(threads, rows / 4096 + 1));
  std::vector<std::vector<double>> partCounts(parts, std::vector<double>(counts->size(), 0.0));
  auto count = [&](size_t t) {
    csv_scan::histogramRows(values, missing, rows * t / parts, rows * (t + 1) / parts, cols, bins, lo, scale, partCounts[t].data());
  };
  std::vector<std::thread> started;
  size_t next = 1;
  try {
    for (; next < parts; next++) started.emplace_back(count, next);
  } catch (...) {
    // No more threads: this one counts the rest.
  }
  count(0);
  for (size_t t = next; t < parts; t++) count(t);
  for (std::thread& t : started) t.join();
  for (const std::vector<double>& part : partCounts) {
    for (size_t i = 0; i < counts->size(); i++) (*counts)[i] += part[i];
  }
}

}  // namespace csv_parallel
