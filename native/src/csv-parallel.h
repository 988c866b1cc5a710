// The threaded parts of csvLoadNumeric and csvHistogramAsync (csv-parallel.cpp describes them), free of Node-API:
// csv-load.cpp defines them.
#pragma once
#include <cstddef>
#include <cstdint>
#include <vector>

namespace csv_parallel {

struct LoadJob {
  // What to read (csv-parallel.cpp's file comment).
  int fd = -1;
  size_t start = 0, end = 0;
  uint8_t delim = ',', point = '.';
  size_t cols = 1;
  double* vals = nullptr;
  uint8_t* kinds = nullptr;
  size_t capacityRows = 0, rowStart = 0, threads = 1, blockRows = 1;
  int32_t* status = nullptr;
  // The answer.
  int code = 0;
  size_t rows = 0;
  std::vector<double> partials;

  // Reads the rows on `threads` threads (this one and threads − 1 started and joined here); sets the answer.
  void run();
};

// Histogram counts of rows [0, rows) (csv-scan.h histogramRows) on `threads` threads, added into *counts in thread order.
void histogramThreads(const double* values, const uint8_t* missing, size_t rows, size_t cols, const int32_t* bins, const double* lo,
                      const double* scale, size_t threads, std::vector<double>* counts);

}  // namespace csv_parallel
