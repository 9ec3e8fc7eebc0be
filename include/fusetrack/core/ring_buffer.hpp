// RingBuffer<T, N>: a fixed-capacity FIFO that never allocates.
//
// Full-buffer policy: push() on a full buffer returns Status::kBufferFull and leaves the buffer
// unchanged (the newest item is refused, nothing already accepted is lost). push_overwrite()
// instead drops the oldest item, stores the new one and counts the drop in overwritten().
// Callers choose per call which of the two they mean.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <type_traits>

#include "fusetrack/core/status.hpp"

namespace fusetrack {

template <typename T, std::size_t N>
class RingBuffer {
  static_assert(N > 0, "RingBuffer capacity must be at least 1");
  static_assert(std::is_trivially_copyable<T>::value,
                "RingBuffer holds plain data so that it can be saved and restored as bytes");

 public:
  static constexpr std::size_t kCapacity = N;

  constexpr std::size_t capacity() const noexcept { return N; }
  std::size_t size() const noexcept { return size_; }
  bool empty() const noexcept { return size_ == 0; }
  bool full() const noexcept { return size_ == N; }
  // Items dropped by push_overwrite() since construction or clear().
  std::uint32_t overwritten() const noexcept { return overwritten_; }

  // Appends `item`; kBufferFull (buffer unchanged) when full.
  Status push(const T& item) noexcept {
    if (size_ == N) return Status::kBufferFull;
    items_[index(size_)] = item;
    ++size_;
    return Status::kOk;
  }

  // Appends `item`; when full, first drops the oldest item (counted in overwritten()).
  void push_overwrite(const T& item) noexcept {
    if (size_ == N) {
      head_ = (head_ + 1) % N;
      --size_;
      ++overwritten_;
    }
    items_[index(size_)] = item;
    ++size_;
  }

  // Removes the oldest item into `out`; kBufferEmpty (out untouched) when empty.
  Status pop(T& out) noexcept {
    if (size_ == 0) return Status::kBufferEmpty;
    out = items_[head_];
    head_ = (head_ + 1) % N;
    --size_;
    return Status::kOk;
  }

  // i = 0 is the oldest item, size() - 1 the newest. Precondition: i < size().
  const T& operator[](std::size_t i) const noexcept { return items_[index(i)]; }
  T& operator[](std::size_t i) noexcept { return items_[index(i)]; }
  const T& front() const noexcept { return items_[head_]; }
  const T& back() const noexcept { return items_[index(size_ - 1)]; }

  // Whether the indices are within the capacity (true for any buffer this class made; a check
  // for one restored from bytes).
  bool consistent() const noexcept { return head_ < N && size_ <= N; }
  // The same for a buffer's bytes (a RingBuffer copied out with memcpy), read in place, so a
  // saved state can be checked before anything is restored and without a copy on the stack.
  static bool consistent_bytes(const std::uint8_t* bytes) noexcept {
    std::size_t head = 0, size = 0;
    std::memcpy(&head, bytes + offsetof(RingBuffer, head_), sizeof head);
    std::memcpy(&size, bytes + offsetof(RingBuffer, size_), sizeof size);
    return head < N && size <= N;
  }

  void clear() noexcept {
    head_ = 0;
    size_ = 0;
    overwritten_ = 0;
  }

 private:
  std::size_t index(std::size_t i) const noexcept { return (head_ + i) % N; }

  T items_[N]{};
  std::size_t head_ = 0;
  std::size_t size_ = 0;
  std::uint32_t overwritten_ = 0;
  // Explicit padding (part of the saved state): always zero. With it a RingBuffer has no
  // implicit padding when sizeof(T) * N is a multiple of 8 and alignof(T) <= 8 (the Tracker's
  // event queue).
  std::uint32_t reserved_ = 0;
};

}  // namespace fusetrack
