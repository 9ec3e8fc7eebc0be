// Window<T, D, Capacity>: the last Capacity samples of D channels, in fixed storage.
//
// Storage is channel-major (one ring of Capacity values per channel, all sharing one write
// position), so the last n samples of a channel are at most two contiguous runs: copy_last() is at
// most two memcpy's, and a channel's samples feed an FFT or a statistic without a gather. When
// full, push() drops the oldest sample. Plain data (trivially copyable): a stage keeps it in its
// saved state. sizeof is D * Capacity * sizeof(T) plus 8 bytes of uint32 indices (plus padding
// to a 4-byte boundary for a T smaller than 4 bytes), the same on any target: 8200 B for
// Window<float, 8, 256>.
#pragma once

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <type_traits>

namespace fusetrack::features {

template <typename T, std::size_t D, std::size_t Capacity>
class Window {
  static_assert(D > 0, "Window needs at least one channel");
  static_assert(Capacity > 0, "Window capacity must be at least 1");
  static_assert(Capacity <= UINT32_MAX, "Window indices are uint32");
  static_assert(std::is_trivially_copyable<T>::value,
                "Window holds plain data so that it can be saved, restored and memcpy'd");

 public:
  using Sample = std::array<T, D>;

  static constexpr std::size_t channels() noexcept { return D; }
  static constexpr std::size_t capacity() noexcept { return Capacity; }
  std::size_t size() const noexcept { return size_; }
  bool empty() const noexcept { return size_ == 0; }
  bool full() const noexcept { return size_ == Capacity; }

  // Appends one sample (value v[c] to channel c); when full, first drops the oldest.
  void push(const Sample& v) noexcept {
    for (std::size_t c = 0; c < D; ++c) data_[c][next_] = v[c];
    next_ = next_ + 1 == Capacity ? 0 : next_ + 1;
    if (size_ < Capacity) ++size_;
  }

  // Sample i of `channel`, i = 0 the oldest, size() - 1 the newest. Precondition: channel < D,
  // i < size().
  T at(std::size_t channel, std::size_t i) const noexcept {
    std::size_t k = oldest() + i;
    if (k >= Capacity) k -= Capacity;
    return data_[channel][k];
  }

  // The newest sample of `channel`. Precondition: channel < D, !empty().
  T newest(std::size_t channel) const noexcept {
    return data_[channel][next_ == 0 ? Capacity - 1 : next_ - 1];
  }

  // The last n samples of `channel` into out[0..n), oldest first. Precondition: channel < D,
  // n <= size(); a larger n copies only the size() samples there are (out[size()..n) untouched).
  void copy_last(std::size_t channel, std::size_t n, T* out) const noexcept {
    if (n > size_) n = size_;
    if (n == 0) return;
    const std::size_t start = next_ >= n ? next_ - n : next_ + Capacity - n;
    const std::size_t first = Capacity - start < n ? Capacity - start : n;
    const T* ring = data_[channel];
    std::memcpy(out, ring + start, first * sizeof(T));
    if (first < n) std::memcpy(out + first, ring, (n - first) * sizeof(T));
  }

  // Reorders the storage in place (std::rotate: no copy, no allocation) so that each channel
  // holds its samples oldest first from index 0; channel() then reads them as one array. The
  // samples and their order as at() sees them do not change.
  void linearize() noexcept {
    const std::size_t first = oldest();
    if (first != 0) {
      for (std::size_t c = 0; c < D; ++c) {
        std::rotate(data_[c], data_[c] + first, data_[c] + Capacity);
      }
    }
    next_ = static_cast<std::uint32_t>(size_ == Capacity ? 0 : size_);
  }

  // The storage of `channel`: its size() samples oldest first from index 0, valid after
  // linearize() until the next push.
  const T* channel(std::size_t c) const noexcept { return data_[c]; }

  // 0 when every stored value is finite, NaN otherwise (a sum of x * 0 probes; T a float type).
  T finite_probe() const noexcept {
    T probe = T(0);
    for (std::size_t c = 0; c < D; ++c) {
      for (std::size_t i = 0; i < Capacity; ++i) probe += data_[c][i] * T(0);
    }
    return probe;
  }

  // Empties the window (the storage keeps its old values, never read again).
  void clear() noexcept {
    next_ = 0;
    size_ = 0;
  }

  // Whether the indices are within the capacity (true for any window this class made; a check for
  // one restored from bytes).
  bool consistent() const noexcept { return next_ < Capacity && size_ <= Capacity; }

 private:
  std::size_t oldest() const noexcept {
    return next_ >= size_ ? next_ - size_ : next_ + Capacity - size_;
  }

  T data_[D][Capacity]{};
  std::uint32_t next_ = 0;  // where the next sample goes, [0, Capacity)
  std::uint32_t size_ = 0;  // samples held, [0, Capacity]
};

}  // namespace fusetrack::features
