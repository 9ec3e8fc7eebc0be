// Window<T, D, Capacity>: the last Capacity samples per channel, oldest first, through many
// wrap-arounds; copy_last() at every wrap position and length.
#include <array>
#include <cstddef>
#include <cstring>
#include <type_traits>
#include <vector>

#include <gtest/gtest.h>

#include "fusetrack/features/window.hpp"

namespace fusetrack::features {
namespace {

// Sample n of a test stream: channel c holds 1000 c + n, so every value names its sample.
template <std::size_t D>
std::array<int, D> sample(int n) {
  std::array<int, D> v{};
  for (std::size_t c = 0; c < D; ++c) v[c] = 1000 * static_cast<int>(c) + n;
  return v;
}

}  // namespace

TEST(Window, NewWindowIsEmptyWithTheDeclaredCapacityAndIsPlainData) {
  Window<float, 8, 256> w;
  EXPECT_EQ(w.size(), 0u);
  EXPECT_TRUE(w.empty());
  EXPECT_FALSE(w.full());
  static_assert(Window<float, 8, 256>::capacity() == 256, "capacity() is a constant");
  static_assert(Window<float, 8, 256>::channels() == 8, "channels() is a constant");
  EXPECT_TRUE((std::is_trivially_copyable<Window<float, 8, 256>>::value));
  EXPECT_EQ((sizeof(Window<float, 8, 256>)), 8u * 256u * 4u + 8u);
  EXPECT_TRUE(w.consistent());
}

TEST(Window, HoldsTheLastCapacitySamplesOldestFirstAcrossManyWrapArounds) {
  constexpr std::size_t kCap = 7;
  Window<int, 3, kCap> w;
  for (int n = 0; n < 100; ++n) {
    w.push(sample<3>(n));
    const std::size_t pushed = static_cast<std::size_t>(n) + 1;
    const std::size_t expected_size = pushed < kCap ? pushed : kCap;
    ASSERT_EQ(w.size(), expected_size);
    EXPECT_EQ(w.full(), expected_size == kCap);
    const int oldest = n + 1 - static_cast<int>(expected_size);
    for (std::size_t c = 0; c < 3; ++c) {
      for (std::size_t i = 0; i < w.size(); ++i) {
        ASSERT_EQ(w.at(c, i), sample<3>(oldest + static_cast<int>(i))[c]) << "n " << n;
      }
      EXPECT_EQ(w.newest(c), sample<3>(n)[c]);
    }
    EXPECT_TRUE(w.consistent());
  }
}

TEST(Window, CopyLastGivesTheNewestNSamplesOfOneChannelOldestFirstAtEveryWrapPosition) {
  constexpr std::size_t kCap = 16;
  Window<int, 2, kCap> w;
  // 3 capacities of pushes: the write position visits every slot, before and after full.
  for (int n = 0; n < 3 * static_cast<int>(kCap); ++n) {
    w.push(sample<2>(n));
    for (std::size_t c = 0; c < 2; ++c) {
      for (std::size_t len = 0; len <= w.size(); ++len) {
        std::vector<int> out(len + 1, -1);
        w.copy_last(c, len, out.data());
        for (std::size_t i = 0; i < len; ++i) {
          ASSERT_EQ(out[i], sample<2>(n + 1 - static_cast<int>(len) + static_cast<int>(i))[c])
              << "n " << n << " channel " << c << " len " << len << " i " << i;
        }
        EXPECT_EQ(out[len], -1) << "wrote past n";
      }
    }
  }
}

TEST(Window, CopyLastOfMoreThanSizeCopiesOnlyWhatIsThere) {
  Window<float, 1, 8> w;
  w.push({1.0f});
  w.push({2.0f});
  std::array<float, 8> out;
  out.fill(-1.0f);
  w.copy_last(0, 5, out.data());
  EXPECT_EQ(out[0], 1.0f);
  EXPECT_EQ(out[1], 2.0f);
  EXPECT_EQ(out[2], -1.0f);
  Window<float, 1, 8> empty;
  out.fill(-1.0f);
  empty.copy_last(0, 3, out.data());
  EXPECT_EQ(out[0], -1.0f);  // nothing to copy
}

TEST(Window, ClearEmptiesItAndItFillsAgainFromTheStart) {
  Window<int, 1, 4> w;
  for (int n = 0; n < 6; ++n) w.push({n});
  w.clear();
  EXPECT_TRUE(w.empty());
  EXPECT_FALSE(w.full());
  w.push({42});
  ASSERT_EQ(w.size(), 1u);
  EXPECT_EQ(w.at(0, 0), 42);
  EXPECT_EQ(w.newest(0), 42);
  std::array<int, 1> out{};
  w.copy_last(0, 1, out.data());
  EXPECT_EQ(out[0], 42);
}

TEST(Window, CapacityOneKeepsOnlyTheNewest) {
  Window<float, 2, 1> w;
  w.push({1.0f, 2.0f});
  w.push({3.0f, 4.0f});
  EXPECT_TRUE(w.full());
  EXPECT_EQ(w.at(0, 0), 3.0f);
  EXPECT_EQ(w.at(1, 0), 4.0f);
  float out = 0.0f;
  w.copy_last(1, 1, &out);
  EXPECT_EQ(out, 4.0f);
}

TEST(Window, ACopyOfTheBytesIsTheSameWindowAndConsistentRefusesWildIndices) {
  Window<int, 2, 5> w;
  for (int n = 0; n < 8; ++n) w.push(sample<2>(n));
  Window<int, 2, 5> copy;
  std::memcpy(static_cast<void*>(&copy), &w, sizeof w);
  ASSERT_TRUE(copy.consistent());
  for (std::size_t i = 0; i < 5; ++i) EXPECT_EQ(copy.at(1, i), w.at(1, i));
  // The indices follow the storage: next (write position), then size.
  const std::uint32_t wild = 5;  // == capacity: out of range for the write position
  std::memcpy(reinterpret_cast<unsigned char*>(&copy) + sizeof(int) * 10, &wild, sizeof wild);
  EXPECT_FALSE(copy.consistent());
  std::memcpy(static_cast<void*>(&copy), &w, sizeof w);
  const std::uint32_t too_many = 6;
  std::memcpy(reinterpret_cast<unsigned char*>(&copy) + sizeof(int) * 10 + 4, &too_many,
              sizeof too_many);
  EXPECT_FALSE(copy.consistent());
}

}  // namespace fusetrack::features
