#!/usr/bin/env python3
"""Writes the seed corpora of fuzz/corpus/ from the bundled sample (data/sample.csv).

recording/: small pieces of the sample (its preamble and header, then rows from the start, the
walk, the run and the end), the same without the gyroscope columns, one gzip piece, CRLF line
ends and a cut last line. tracker/: the sample's first samples encoded for tracker_fuzz.cpp
(raw int64 time stamps, raw float bits) under several settings, with save, fork, drain and
restore operations in between. Run from the repository root: python3 fuzz/make_seeds.py
The output depends only on the sample, so re-running it changes nothing.
"""
import gzip
import os
import struct

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SAMPLE = os.path.join(ROOT, "data", "sample.csv")
OUT = os.path.join(ROOT, "fuzz", "corpus")


def read_sample():
    with open(SAMPLE, encoding="ascii") as f:
        lines = f.read().split("\n")
    head = [l for l in lines if l.startswith("#")]
    header = next(l for l in lines if l.startswith("stream,"))
    rows = [l for l in lines if l and not l.startswith("#") and not l.startswith("stream,")]
    return head, header, rows


def write(path, data):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as f:
        f.write(data)


def drop_gyr(header, rows):
    cols = header.split(",")
    keep = [i for i, c in enumerate(cols) if not c.startswith("gyr_")]
    pick = lambda l: ",".join(l.split(",")[i] for i in keep)
    return pick(header), [pick(r) for r in rows]


def recording_seeds(head, header, rows):
    d = os.path.join(OUT, "recording")
    piece = lambda h, rs: ("\n".join(head + [h] + rs) + "\n").encode()
    starts = {"start": 0, "walk": 7000, "run": 22000, "end": len(rows) - 30}
    for name, at in starts.items():
        write(os.path.join(d, f"sample_{name}.csv"), piece(header, rows[at:at + 30]))
    h, rs = drop_gyr(header, rows[7000:7030])
    write(os.path.join(d, "sample_acc_only.csv"), piece(h, rs))
    write(os.path.join(d, "sample_start.csv.gz"),
          gzip.compress(piece(header, rows[:30]), mtime=0))
    write(os.path.join(d, "sample_crlf.csv"), piece(header, rows[:10]).replace(b"\n", b"\r\n"))
    write(os.path.join(d, "sample_cut.csv"), piece(header, rows[:10])[:-9])
    write(os.path.join(d, "header_only.csv"), piece(header, []))
    imu_only = "stream,t_us,acc_x_m_s2,acc_y_m_s2,acc_z_m_s2"
    _, rs = drop_gyr(header, [r for r in rows[:40] if r.startswith("imu")])
    write(os.path.join(d, "imu_acc_only.csv"),
          ("# fusetrack recording v1\n" + imu_only + "\n" +
           "\n".join(",".join(r.split(",")[:5]) for r in rs) + "\n").encode())


# Opcodes of tracker_fuzz.cpp: low 3 bits the operation, bits 3-4 the time mode (2: raw int64),
# bits 5-6 the value mode (0: raw float bits), bit 7 the odd variant.
IMU, MAG, PPG, DRAIN, SAVE, RESTORE, FORK = 0, 2, 3, 4, 5, 6, 7
RAW_TIME = 2 << 3


def f32(x):
    return struct.pack("<f", float(x))


def encode_samples(rows, has_gyr, ppg_channels, every=None):
    out = bytearray()
    for n, r in enumerate(rows):
        c = r.split(",")
        kind, t = c[0], int(c[1])
        if kind == "imu":
            out += bytes([IMU | RAW_TIME]) + struct.pack("<q", t)
            out += b"".join(f32(v) for v in c[2:5])
            if has_gyr:
                out += b"".join(f32(v) for v in c[5:8])
        elif kind == "mag":
            out += bytes([MAG | RAW_TIME]) + struct.pack("<q", t)
            out += b"".join(f32(v) for v in c[8:11])
        else:
            ppg = [c[11], c[12]] + ["0", "0"]
            out += bytes([PPG | RAW_TIME]) + struct.pack("<q", t)
            out += b"".join(f32(v) for v in ppg[:ppg_channels])
            out += bytes([1]) + f32(c[13])
        if every and n % every == every - 1:
            out += every_ops(n // every)
    return bytes(out)


def every_ops(k):
    ops = [bytes([SAVE]), bytes([FORK]), bytes([DRAIN, 20]), bytes([RESTORE, 0])]
    return ops[k % len(ops)]


def tracker_seeds(rows):
    d = os.path.join(OUT, "tracker")
    first = rows[:120]
    # (name, settings byte 0, settings byte 1, has_gyr); byte 0 bits 6-7: PPG channels - 1.
    variants = [("ekf", 0x40, 0x01, True), ("complementary", 0x41, 0x01, True),
                ("acc_only", 0x44, 0x01, False), ("ekf_no_mag", 0x42, 0x01, True),
                ("complementary_6d_no_wear", 0x59, 0x01, True), ("ekf_no_ppg", 0x20, 0x01, True)]
    for name, a, b, gyr in variants:
        channels = (a >> 6) + 1
        write(os.path.join(d, f"sample_{name}"),
              bytes([a, b]) + encode_samples(first, gyr, channels, every=25))
    # The same start, then bursts: 10 s at rest, 2.5 s turning, 10 s at rest (op 1, fuzz/README.md).
    burst = lambda n16, period, seed: bytes([1, n16, period]) + struct.pack("<I", seed)
    write(os.path.join(d, "sample_ekf_bursts"),
          bytes([0x40, 0x01]) + encode_samples(first, True, 2) + burst(64, 95, 1) +
          bytes([0x81, 16, 95]) + struct.pack("<I", 2) + bytes([20]) + burst(64, 95, 3) +
          bytes([SAVE, FORK]) + burst(8, 95, 4) + bytes([DRAIN, 39]))
    # The same start with the state saved, damaged and re-sealed, then pushes going on.
    write(os.path.join(d, "sample_ekf_resealed"),
          bytes([0x40, 0x01]) + encode_samples(first[:60], True, 2) + bytes([SAVE]) +
          bytes([RESTORE | (2 << 3), 2, 0x40, 0x00, 0x01, 0x50, 0x00, 0x80]) +
          encode_samples(first[60:], True, 2))


def main():
    head, header, rows = read_sample()
    recording_seeds(head, header, rows)
    tracker_seeds(rows)


if __name__ == "__main__":
    main()
