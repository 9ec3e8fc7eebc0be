// RingBuffer<T, N>: FIFO order, wrap-around, the two full-buffer policies, indexing and edge cases.
#include <cstddef>
#include <cstdint>

#include <gtest/gtest.h>

#include "fusetrack/core/ring_buffer.hpp"
#include "fusetrack/core/status.hpp"

namespace fusetrack {
namespace {

// Checks that `buf` holds exactly `first`, first + 1, ..., oldest to newest.
template <std::size_t N>
void expect_holds_run(const RingBuffer<int, N>& buf, int first, std::size_t count) {
  ASSERT_EQ(buf.size(), count);
  for (std::size_t i = 0; i < count; ++i) {
    EXPECT_EQ(buf[i], first + static_cast<int>(i)) << "index " << i;
  }
  if (count > 0) {
    EXPECT_EQ(buf.front(), first);
    EXPECT_EQ(buf.back(), first + static_cast<int>(count) - 1);
  }
}

}  // namespace

TEST(RingBuffer, NewBufferIsEmptyWithTheDeclaredCapacity) {
  RingBuffer<int, 5> buf;
  EXPECT_EQ(buf.capacity(), 5u);
  EXPECT_EQ((RingBuffer<int, 5>::kCapacity), 5u);
  EXPECT_EQ(buf.size(), 0u);
  EXPECT_TRUE(buf.empty());
  EXPECT_FALSE(buf.full());
  EXPECT_EQ(buf.overwritten(), 0u);
}

TEST(RingBuffer, PopReturnsItemsInTheOrderTheyWerePushed) {
  RingBuffer<int, 4> buf;
  EXPECT_EQ(buf.push(10), Status::kOk);
  EXPECT_EQ(buf.push(20), Status::kOk);
  EXPECT_EQ(buf.push(30), Status::kOk);
  EXPECT_EQ(buf.size(), 3u);
  int out = 0;
  EXPECT_EQ(buf.pop(out), Status::kOk);
  EXPECT_EQ(out, 10);
  EXPECT_EQ(buf.pop(out), Status::kOk);
  EXPECT_EQ(out, 20);
  EXPECT_EQ(buf.pop(out), Status::kOk);
  EXPECT_EQ(out, 30);
  EXPECT_TRUE(buf.empty());
}

TEST(RingBuffer, KeepsFifoOrderOverManyPushPopCyclesThatWrapPastCapacity) {
  // Sizes cycle through 1..N-ish so head and tail cross the end of the storage many times
  // (well over 10 full turns) at varying offsets.
  constexpr std::size_t kN = 7;
  RingBuffer<int, kN> buf;
  int next_in = 0;
  int next_out = 0;
  for (int cycle = 0; cycle < 200; ++cycle) {
    const int to_push = 1 + cycle % static_cast<int>(kN);
    for (int k = 0; k < to_push && !buf.full(); ++k) {
      ASSERT_EQ(buf.push(next_in), Status::kOk);
      ++next_in;
    }
    expect_holds_run(buf, next_out, static_cast<std::size_t>(next_in - next_out));
    const int to_pop = 1 + (cycle * 3) % static_cast<int>(kN);
    for (int k = 0; k < to_pop && !buf.empty(); ++k) {
      int out = -1;
      ASSERT_EQ(buf.pop(out), Status::kOk);
      ASSERT_EQ(out, next_out) << "cycle " << cycle;
      ++next_out;
    }
  }
  EXPECT_GT(next_in, static_cast<int>(10 * kN));  // the indices really wrapped several times
  EXPECT_EQ(buf.overwritten(), 0u);
}

TEST(RingBuffer, PushOnFullBufferIsRefusedAndKeepsEveryAcceptedItem) {
  RingBuffer<int, 3> buf;
  // Wrap first so the refusal is checked with head_ away from slot 0.
  int unused = 0;
  ASSERT_EQ(buf.push(-1), Status::kOk);
  ASSERT_EQ(buf.push(-2), Status::kOk);
  ASSERT_EQ(buf.pop(unused), Status::kOk);
  ASSERT_EQ(buf.pop(unused), Status::kOk);
  ASSERT_EQ(buf.push(1), Status::kOk);
  ASSERT_EQ(buf.push(2), Status::kOk);
  ASSERT_EQ(buf.push(3), Status::kOk);
  ASSERT_TRUE(buf.full());

  EXPECT_EQ(buf.push(4), Status::kBufferFull);
  EXPECT_EQ(buf.push(5), Status::kBufferFull);
  EXPECT_TRUE(buf.full());
  EXPECT_EQ(buf.overwritten(), 0u);  // a refusal is not an overwrite
  expect_holds_run(buf, 1, 3);
}

TEST(RingBuffer, PushOverwriteOnFullBufferDropsTheOldestAndCountsIt) {
  RingBuffer<int, 3> buf;
  buf.push_overwrite(1);
  buf.push_overwrite(2);
  buf.push_overwrite(3);
  EXPECT_EQ(buf.overwritten(), 0u);  // not full yet: nothing dropped
  expect_holds_run(buf, 1, 3);

  buf.push_overwrite(4);
  EXPECT_EQ(buf.overwritten(), 1u);
  expect_holds_run(buf, 2, 3);

  for (int v = 5; v <= 11; ++v) buf.push_overwrite(v);
  EXPECT_EQ(buf.overwritten(), 8u);
  EXPECT_TRUE(buf.full());
  expect_holds_run(buf, 9, 3);

  int out = 0;
  ASSERT_EQ(buf.pop(out), Status::kOk);
  EXPECT_EQ(out, 9);
}

TEST(RingBuffer, PopOnEmptyReturnsBufferEmptyAndLeavesTheOutputUntouched) {
  RingBuffer<int, 2> buf;
  int out = 12345;
  EXPECT_EQ(buf.pop(out), Status::kBufferEmpty);
  EXPECT_EQ(out, 12345);

  // Also after the buffer has been used and drained (head_ no longer at slot 0).
  ASSERT_EQ(buf.push(7), Status::kOk);
  ASSERT_EQ(buf.pop(out), Status::kOk);
  ASSERT_EQ(out, 7);
  out = -99;
  EXPECT_EQ(buf.pop(out), Status::kBufferEmpty);
  EXPECT_EQ(out, -99);
  EXPECT_TRUE(buf.empty());
  EXPECT_EQ(buf.size(), 0u);
}

TEST(RingBuffer, IndexZeroIsOldestAndLastIndexIsNewestAfterWrap) {
  RingBuffer<int, 4> buf;
  for (int v = 0; v < 10; ++v) buf.push_overwrite(v);  // head_ has moved 6 slots
  expect_holds_run(buf, 6, 4);

  int out = 0;
  ASSERT_EQ(buf.pop(out), Status::kOk);
  ASSERT_EQ(buf.push(10), Status::kOk);
  expect_holds_run(buf, 7, 4);

  // The mutable operator[] writes through to the logical position.
  buf[1] = 100;
  ASSERT_EQ(buf.pop(out), Status::kOk);
  EXPECT_EQ(out, 7);
  ASSERT_EQ(buf.pop(out), Status::kOk);
  EXPECT_EQ(out, 100);
}

TEST(RingBuffer, ClearEmptiesTheBufferAndResetsTheOverwriteCount) {
  RingBuffer<int, 3> buf;
  for (int v = 0; v < 5; ++v) buf.push_overwrite(v);
  ASSERT_EQ(buf.overwritten(), 2u);

  buf.clear();
  EXPECT_TRUE(buf.empty());
  EXPECT_EQ(buf.size(), 0u);
  EXPECT_EQ(buf.overwritten(), 0u);
  int out = 42;
  EXPECT_EQ(buf.pop(out), Status::kBufferEmpty);
  EXPECT_EQ(out, 42);

  // Usable again from scratch, to full capacity.
  ASSERT_EQ(buf.push(20), Status::kOk);
  ASSERT_EQ(buf.push(21), Status::kOk);
  ASSERT_EQ(buf.push(22), Status::kOk);
  EXPECT_EQ(buf.push(23), Status::kBufferFull);
  expect_holds_run(buf, 20, 3);
}

TEST(RingBuffer, CapacityOneHoldsOneItemUnderBothFullPolicies) {
  RingBuffer<int, 1> buf;
  EXPECT_EQ(buf.capacity(), 1u);
  ASSERT_EQ(buf.push(1), Status::kOk);
  EXPECT_TRUE(buf.full());
  EXPECT_EQ(buf.push(2), Status::kBufferFull);
  EXPECT_EQ(buf[0], 1);

  buf.push_overwrite(3);
  EXPECT_EQ(buf.overwritten(), 1u);
  EXPECT_EQ(buf.size(), 1u);
  EXPECT_EQ(buf.front(), 3);
  EXPECT_EQ(buf.back(), 3);

  int out = 0;
  ASSERT_EQ(buf.pop(out), Status::kOk);
  EXPECT_EQ(out, 3);
  EXPECT_TRUE(buf.empty());
  out = 77;
  EXPECT_EQ(buf.pop(out), Status::kBufferEmpty);
  EXPECT_EQ(out, 77);
  for (int v = 0; v < 5; ++v) {
    ASSERT_EQ(buf.push(v), Status::kOk);
    ASSERT_EQ(buf.pop(out), Status::kOk);
    EXPECT_EQ(out, v);
  }
}

TEST(RingBuffer, HoldsPlainStructsByValue) {
  struct Item {
    std::int64_t t_us;
    float value;
  };
  RingBuffer<Item, 2> buf;
  ASSERT_EQ(buf.push(Item{10, 1.5f}), Status::kOk);
  ASSERT_EQ(buf.push(Item{20, 2.5f}), Status::kOk);
  buf.push_overwrite(Item{30, 3.5f});
  Item out{0, 0.0f};
  ASSERT_EQ(buf.pop(out), Status::kOk);
  EXPECT_EQ(out.t_us, 20);
  EXPECT_EQ(out.value, 2.5f);
  EXPECT_EQ(buf.front().t_us, 30);
}

}  // namespace fusetrack
