#!/usr/bin/env python3
"""Seeds for fuzz_reasm_oracle: scenarios written in its input format.

Run from anywhere: writes tests/fuzz/seeds/fuzz_reasm_oracle/<name>.
The format (fuzz_reasm_oracle.c): a 4-byte little-endian header, then ops:
  op % 16 in 0..2  send: sender byte, id byte, size 2, seed 2, mode 1, segment 2,
                   gap 1, a cut byte per segment, a fate byte per segment
  3 lose (index 2), 4 clock (+byte ms), 5 expire (op & 0x10: +500 ms first),
  6 set limits when op & 0xe0 == 0 (max_mem 2, low 1, flows 1),
  7..9 deliver the oldest copy, 10..15 deliver copy (index 2)
"""
import os
import random
import struct

MAX_SIZES = [512, 2048, 9000, 65535]


class Seed:
    def __init__(self, senders=2, ids=1, sums=True, flowcap=False, size_idx=1,
                 mem=16, flows=16, buckets=2):
        h = ((senders - 2) | (3 if ids == 64 else ids - 1) << 2 | (0 if sums else 0x10) |
             (0 if flowcap else 0x20) | size_idx << 6 | mem << 8 | (flows - 2) << 14 |
             buckets << 19)
        self.b = bytearray(struct.pack('<I', h))
        self.senders, self.ids, self.max_size = senders, ids, MAX_SIZES[size_idx]
        self.pending = []  # [payload number, segment, dups], as the oracle keeps them
        self.npay = 0

    def send(self, sender, ident, size, seg, fixed=True, reuse_now=False, lose=(),
             dups=None, gap=0, rng=None):
        """Payload of size bytes in segments of seg (<= 2048), fixed or random cuts."""
        rng = rng or random.Random(self.npay)
        mode = 0x80 | (0x40 if fixed else 0) | (0x20 if reuse_now else 0)
        self.b += bytes([0, sender, ident])
        self.b += struct.pack('<HHBHB', (size - 1) % self.max_size, rng.randrange(65536),
                              mode, seg - 1, gap)
        cuts, off = [], 0
        while off < size:
            c = rng.randrange(256)
            cut = seg if fixed else 1 + c * seg // 256
            cut = min(cut, size - off)
            cuts.append(c)
            off += cut
        self.b += bytes(cuts)
        for i in range(len(cuts)):
            d = (dups or {}).get(i, 0)
            fate = 0 if i in lose else (1 if not d else 0x19 | d << 5)
            self.b.append(fate)
            if i not in lose:
                self.pending.append([self.npay, i, d])
        self.npay += 1
        return len(cuts)

    def deliver(self, index=None):
        if index is None:
            self.b.append(7)
            i = 0
        else:
            self.b += bytes([10]) + struct.pack('<H', index)
            i = index % len(self.pending) if self.pending else 0
        if self.pending:
            if self.pending[i][2]:
                self.pending[i][2] -= 1
            else:
                self.pending.pop(i)

    def deliver_all(self, order='fifo', rng=None):
        rng = rng or random.Random(1)
        while self.pending:
            if order == 'fifo':
                self.deliver()
            elif order == 'lifo':
                self.deliver(len(self.pending) - 1)
            else:
                self.deliver(rng.randrange(len(self.pending)))

    def clock(self, ms):
        while ms > 0:
            self.b += bytes([4, min(ms, 255)])
            ms -= 255

    def expire(self, half_timeout=False):
        self.b.append(0x15 if half_timeout else 5)

    def set_limits(self, max_mem, low_quarters, flows):
        self.b += bytes([6]) + struct.pack('<HBB', (max_mem - 2048) & 0xffff,
                                           low_quarters - 1, flows - 1)

    def lose(self, index):
        self.b += bytes([3]) + struct.pack('<H', index)
        if self.pending:
            self.pending.pop(index % len(self.pending))


def scenarios():
    out = {}

    s = Seed(senders=2, size_idx=2, mem=40)
    for k in range(3):
        s.send(0, 0, 3000 + 1000 * k, 1000)
        s.send(1, 0, 8999 - 700 * k, 1468)
        s.deliver_all('fifo')
    out['in_order_two_senders'] = s

    s = Seed(senders=3, ids=2, size_idx=2, mem=40)
    for k in range(4):
        s.send(k % 3, k % 2, 2000 + 1500 * k, 548, fixed=False, dups={1: 2, 3: 1})
    s.deliver_all('random', random.Random(5))
    out['reorder_dups_three_senders'] = s

    # Reuse at once while the older payload's first and pieces are held.
    for sums in (True, False):
        s = Seed(senders=2, sums=sums, size_idx=2, mem=40)
        s.send(0, 0, 5000, 1000, lose=(3, 4))
        s.deliver_all('fifo')
        s.send(0, 0, 5000 if sums else 4000, 1000, reuse_now=True)
        s.deliver_all('lifo')
        s.send(0, 0, 5000, 1000, reuse_now=True, lose=(2,))
        s.deliver_all('random', random.Random(2))
        out['reuse_now_old_held' + ('' if sums else '_nosums')] = s

    # Late duplicates of a completed payload, then reuse at once.
    s = Seed(senders=2, size_idx=2, mem=40)
    s.send(0, 0, 6000, 1000, dups={1: 2, 4: 2, 5: 1})
    s.deliver_all('fifo')
    s.send(0, 0, 6000, 1000, reuse_now=True)
    s.deliver_all('random', random.Random(3))
    out['late_dups_then_reuse'] = s

    # The older first lost: reuse waits for the timeout; stale pieces held.
    s = Seed(senders=2, size_idx=2, mem=40)
    s.send(0, 0, 3000, 1000, lose=(0,))
    s.deliver_all('fifo')
    s.send(0, 0, 2500, 1000, reuse_now=True)
    s.deliver_all('lifo')
    s.send(0, 0, 2000, 1000, lose=(0,))
    s.deliver_all('fifo')
    s.send(0, 0, 2000, 700, gap=10)
    s.deliver_all('random', random.Random(4))
    out['reuse_after_timeout_stale_held'] = s

    # A flood of first segments from sender 1 inside sender 0's payload.
    for mem, flows in ((0, 33), (63, 33), (8, 33), (0, 8)):
        s = Seed(senders=2, ids=64, size_idx=3, mem=mem, flows=flows)
        s.send(0, 0, 65535, 1468)
        s.deliver()
        for k in range(150):
            s.send(1, k % 64, 4000, 1468, lose=(1, 2), reuse_now=True,
                   rng=random.Random(k))
            s.deliver(len(s.pending) - 1)
        s.deliver_all('fifo')
        out['flood_firsts_between_m%d_f%d' % (mem, flows)] = s

    # 64 KiB at 64-byte segments, shuffled, beside other traffic.
    s = Seed(senders=2, size_idx=3, mem=63, flows=8)
    s.send(0, 0, 65535, 64)
    s.send(1, 0, 9000, 100, fixed=False)
    s.deliver_all('random', random.Random(6))
    out['max_payload_small_segments'] = s

    # Limits lowered and raised while payloads are held, with expiry.
    s = Seed(senders=4, ids=3, size_idx=1, mem=20, flows=32)
    for k in range(12):
        s.send(k % 4, k % 3, 2048, 300, fixed=False, lose=(k % 5,))
    for _ in range(20):
        s.deliver(7)
    s.set_limits(6000, 3, 4)
    s.clock(300)
    s.deliver_all('random', random.Random(7))
    s.set_limits(60000, 4, 30)
    for k in range(8):
        s.send(k % 4, (k + 1) % 3, 2048, 512, reuse_now=True)
    s.expire(True)
    s.deliver_all('fifo')
    s.clock(1200)
    s.expire()
    out['limits_at_run_time'] = s

    # Random mixes: many reuses at once with loss, dups, reordering.
    for n in range(6):
        rng = random.Random(100 + n)
        s = Seed(senders=2 + n % 3, ids=1 + n % 3, sums=n != 3, flowcap=n % 2 == 0,
                 size_idx=n % 3, mem=rng.randrange(64), flows=2 + rng.randrange(30),
                 buckets=n % 5)
        for _ in range(40):
            r = rng.random()
            if r < 0.3:
                size = 1 + rng.randrange(s.max_size)
                s.send(rng.randrange(s.senders), rng.randrange(s.ids), size,
                       1 + rng.randrange(min(size, 2048)), fixed=rng.random() < 0.5,
                       reuse_now=rng.random() < 0.7,
                       lose=tuple(i for i in range(64) if rng.random() < 0.1),
                       dups={i: rng.randrange(3) for i in range(64) if rng.random() < 0.1},
                       gap=rng.randrange(256), rng=rng)
            elif r < 0.8 and s.pending:
                s.deliver(rng.randrange(len(s.pending)) if rng.random() < 0.5 else None)
            elif r < 0.9:
                s.clock(rng.randrange(400))
            else:
                s.expire(rng.random() < 0.3)
        out['mix%d' % n] = s
    return out


def main():
    d = os.path.join(os.path.dirname(os.path.abspath(__file__)), 'fuzz_reasm_oracle')
    os.makedirs(d, exist_ok=True)
    for name, s in scenarios().items():
        with open(os.path.join(d, name), 'wb') as f:
            f.write(bytes(s.b))


if __name__ == '__main__':
    main()
