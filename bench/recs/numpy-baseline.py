#!/usr/bin/env python3
"""The ceiling of `npm run bench:recs`: the same ALS (conjugate gradient) and EASE as Rapport's, in NumPy.

Reads the same TRAIN.csv (user_id,item_id,rating,timestamp; a pair's ratings summed, an empty rating counting 1),
trains each model with the same parameters and the same work, and prints its training seconds as JSON:

    python3 bench/recs/numpy-baseline.py --train train.csv [--algorithms als,ease] [--als-factors 64 ...]

ALS: every half-step runs the CG steps of Takacs et al. (RecSys 2011) on blocks of 32 rows at once, vectorized over
the blocks' stored entries (gather, multiply, segment sums): the same multiply-adds as
packages/engine/.../als-solver.ts, done by NumPy's compiled loops and BLAS (X @ YtY). EASE (Steck 2019): a dense X
of the chosen items, G = X^T X + lambda I by BLAS, P = inv(G) by LAPACK, B = -P / diag(P), then the top neighbours
of each row, as Rapport keeps them.

Any NumPy on OpenBLAS: the wheels bundle it; Debian's python3-numpy uses the libblas.so.3 alternative, OpenBLAS once
libopenblas0-pthread is installed (else the reference BLAS). The output names the BLAS used.
Matrix products run on as many threads as the BLAS is given: bench/recs/numpy-ceiling.ts gives EASE every core and
ALS one (its products are small: BLAS threads only slow them down).
"""

import argparse
import csv
import json
import os
import resource
import sys
import time

import numpy as np


def read_train(path):
    """The summed weight of each (user, item) pair, with ids indexed in sorted order as Rapport indexes them."""
    weights = {}
    with open(path, newline='', encoding='utf-8-sig') as f:
        reader = csv.DictReader(f)
        for row in reader:
            key = (row['user_id'].strip(), row['item_id'].strip())
            rating = row['rating'].strip()
            w = float(rating) if rating != '' and float(rating) > 0 else 1.0
            weights[key] = weights.get(key, 0.0) + w
    users = sorted({u for u, _ in weights})
    items = sorted({i for _, i in weights})
    u_index = {u: n for n, u in enumerate(users)}
    i_index = {i: n for n, i in enumerate(items)}
    pairs = sorted((u_index[u], i_index[i], w) for (u, i), w in weights.items())
    rows = np.fromiter((p[0] for p in pairs), dtype=np.int64, count=len(pairs))
    cols = np.fromiter((p[1] for p in pairs), dtype=np.int64, count=len(pairs))
    vals = np.fromiter((p[2] for p in pairs), dtype=np.float64, count=len(pairs))
    return len(users), len(items), rows, cols, vals


def csr(n_rows, rows, cols, vals):
    """Entries sorted by row (a stable sort keeps the columns ascending within a row, as they come), with each row's
    start (rows are never empty here: every user and item has an entry)."""
    order = np.argsort(rows, kind='stable')
    start = np.zeros(n_rows + 1, dtype=np.int64)
    np.cumsum(np.bincount(rows, minlength=n_rows), out=start[1:])
    return start, rows[order], cols[order], vals[order]


def segment_sum(values, start):
    """Per-row sums of the entries' vectors (values: nnz x f)."""
    out = np.add.reduceat(values, start[:-1], axis=0)
    out[start[:-1] == start[1:]] = 0
    return out


def cg_half(start, rows, cols, conf, x, y, reg, cg_steps, block=32):
    """One half-step for all rows of x, y fixed: the CG of als-solver.ts, vectorized over `block` rows at a time so
    that the per-entry temporaries (entries x f) stay in cache rather than stream through memory. A row stops as
    solveRows' loop does: once its residual is below 1e-20 or p'Ap is not positive."""
    f = x.shape[1]
    yty = y.T @ y
    yty[np.diag_indices(f)] += reg
    for r0 in range(0, x.shape[0], block):
        r1 = min(r0 + block, x.shape[0])
        e0, e1 = start[r0], start[r1]
        local = start[r0:r1 + 1] - e0
        c = conf[e0:e1]
        c1 = c - 1
        yi = y[cols[e0:e1]]
        at = rows[e0:e1] - r0
        xb = x[r0:r1]
        # r = b - A x = sum c y - (Y'Y + reg I) x - sum (c - 1)(y.x) y
        r = segment_sum((c - c1 * np.einsum('ij,ij->i', yi, xb[at]))[:, None] * yi, local)
        r -= xb @ yty
        p = r.copy()
        rr = np.einsum('ij,ij->i', r, r)
        live = np.ones(r1 - r0, dtype=bool)
        for _ in range(cg_steps):
            live &= rr > 1e-20
            if not live.any():
                break
            ap = segment_sum((c1 * np.einsum('ij,ij->i', yi, p[at]))[:, None] * yi, local)
            ap += p @ yty
            pap = np.einsum('ij,ij->i', p, ap)
            live &= pap > 0
            alpha = np.where(live, rr / np.where(live, pap, 1), 0.0)
            xb += alpha[:, None] * p
            r -= alpha[:, None] * ap
            rr_new = np.einsum('ij,ij->i', r, r)
            beta = np.where(live, rr_new / np.where(live, rr, 1), 0.0)
            p *= beta[:, None]
            p += r
            rr = rr_new


def train_als(n_users, n_items, rows, cols, vals, a):
    r = {'log': np.log1p(vals), 'binary': np.ones_like(vals), 'weight': vals}[a.als_weighting]
    conf = 1 + a.als_alpha * r
    by_user = csr(n_users, rows, cols, conf)
    by_item = csr(n_items, cols, rows, conf)
    random = np.random.default_rng(a.seed)
    x = random.random((n_users, a.als_factors)) * 0.01
    y = random.random((n_items, a.als_factors)) * 0.01
    for _ in range(a.als_iterations):
        start, r, c, v = by_user
        cg_half(start, r, c, v, x, y, a.als_regularization, a.als_cg_steps)
        start, r, c, v = by_item
        cg_half(start, r, c, v, y, x, a.als_regularization, a.als_cg_steps)
    return x.astype(np.float32), y.astype(np.float32)


def train_ease(n_users, n_items, rows, cols, a):
    users_per_item = np.bincount(cols, minlength=n_items)
    eligible = np.flatnonzero(users_per_item >= a.ease_min_users)
    # Most users first, ties by lower index, then the first max_items, back in index order (as easeItems does).
    chosen = np.sort(eligible[np.lexsort((eligible, -users_per_item[eligible]))][: a.ease_max_items])
    local = np.full(n_items, -1)
    local[chosen] = np.arange(len(chosen))
    keep = local[cols] >= 0
    # Float32 for the product: its entries are counts of users (< 2^24), exact in float32 and twice as fast as float64.
    x = np.zeros((n_users, len(chosen)), dtype=np.float32)
    x[rows[keep], local[cols[keep]]] = 1.0
    g = (x.T @ x).astype(np.float64)
    g[np.diag_indices_from(g)] += a.ease_lambda
    p = np.linalg.inv(g)
    b = p / -np.diag(p)
    np.fill_diagonal(b, 0.0)
    # Each row's top neighbours, best first (Rapport keeps the positive ones of these, sorted).
    n = min(a.ease_neighbours, len(chosen) - 1)
    top = np.argpartition(-b, n, axis=1)[:, :n]
    weights = np.take_along_axis(b, top, axis=1)
    order = np.argsort(-weights, axis=1, kind='stable')
    return np.take_along_axis(top, order, axis=1), np.take_along_axis(weights, order, axis=1)


def blas_name():
    """The BLAS in use: what NumPy >= 1.26 says it was built with (e.g. 'scipy-openblas 0.3.31'), else the BLAS
    library this process loaded (Debian's NumPy links the generic libblas.so.3, which update-alternatives points at
    OpenBLAS, or at the slow reference BLAS when only libblas3 is installed)."""
    try:
        blas = np.show_config(mode='dicts')['Build Dependencies']['blas']
        return f"{blas.get('name', '?')} {blas.get('version', '')}".strip()
    except (TypeError, KeyError):
        pass
    try:
        with open('/proc/self/maps', encoding='utf-8') as maps:
            loaded = sorted({line.split()[-1] for line in maps if 'blas' in line.lower() and '/' in line})
    except OSError:
        loaded = []
    names = [os.path.basename(path) for path in loaded]
    return ', '.join([n for n in names if 'openblas' in n.lower()] or names) or 'unknown'


def main():
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('--train', required=True)
    parser.add_argument('--algorithms', default='als,ease')
    parser.add_argument('--als-factors', type=int, default=48)
    parser.add_argument('--als-iterations', type=int, default=10)
    parser.add_argument('--als-regularization', type=float, default=10.0)
    parser.add_argument('--als-alpha', type=float, default=2.0)
    parser.add_argument('--als-cg-steps', type=int, default=3)
    parser.add_argument('--als-weighting', choices=['log', 'binary', 'weight'], default='log')
    parser.add_argument('--ease-lambda', type=float, default=250.0)
    parser.add_argument('--ease-min-users', type=int, default=5)
    parser.add_argument('--ease-max-items', type=int, default=2500)
    parser.add_argument('--ease-neighbours', type=int, default=200)
    parser.add_argument('--seed', type=int, default=42)
    parser.add_argument('--repeat', type=int, default=1, help='train each model this many times and report the fastest')
    a = parser.parse_args()
    n_users, n_items, rows, cols, vals = read_train(a.train)
    out = {'numpy': np.__version__, 'blas': blas_name(), 'python': sys.executable, 'users': n_users, 'items': n_items, 'pairs': int(len(vals))}
    for name in a.algorithms.split(','):
        best = float('inf')
        for _ in range(a.repeat):
            started = time.perf_counter()
            if name == 'als':
                train_als(n_users, n_items, rows, cols, vals, a)
            elif name == 'ease':
                train_ease(n_users, n_items, rows, cols, a)
            else:
                sys.exit(f'numpy-baseline: unknown algorithm {name}')
            best = min(best, time.perf_counter() - started)
        out[f'{name}_seconds'] = best
    # Linux reports ru_maxrss in KiB: the peak of reading the file and training every model, for information.
    out['peak_rss_bytes'] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    print(json.dumps(out))


if __name__ == '__main__':
    main()
