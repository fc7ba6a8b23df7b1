// Dense row-major float matrices for evaluation and reference models: the plain data the metrics
// take. Pure arithmetic only; it must not read files, print, or draw random numbers.

/** A dense matrix of `rows` x `cols` float64 values, row-major: element (i, j) is data[i*cols+j]. */
export interface Matrix {
  rows: number;
  cols: number;
  data: Float64Array;
}

/** A zero matrix of the given shape. */
export function zeros(rows: number, cols: number): Matrix {
  return { rows, cols, data: new Float64Array(rows * cols) };
}

/** Wraps existing values; throws if the length does not match the shape. */
export function matrix(rows: number, cols: number, data: ArrayLike<number>): Matrix {
  if (data.length !== rows * cols) {
    throw new RangeError(`matrix: ${data.length} values do not fill ${rows} x ${cols}`);
  }
  return { rows, cols, data: Float64Array.from(data) };
}

/** The transpose as a new matrix. */
export function transpose(m: Matrix): Matrix {
  const t = zeros(m.cols, m.rows);
  for (let i = 0; i < m.rows; i++) {
    for (let j = 0; j < m.cols; j++) t.data[j * m.rows + i] = m.data[i * m.cols + j]!;
  }
  return t;
}

/** y = M x for a vector x of length M.cols; writes into `out` when given. */
export function matVec(m: Matrix, x: ArrayLike<number>, out?: Float64Array): Float64Array {
  if (x.length !== m.cols) throw new RangeError(`matVec: vector ${x.length} vs ${m.cols} columns`);
  const y = out ?? new Float64Array(m.rows);
  const d = m.data;
  for (let i = 0; i < m.rows; i++) {
    let s = 0;
    const o = i * m.cols;
    for (let j = 0; j < m.cols; j++) s += d[o + j]! * x[j]!;
    y[i] = s;
  }
  return y;
}

/** y = M^T x for a vector x of length M.rows; writes into `out` when given. */
export function matTVec(m: Matrix, x: ArrayLike<number>, out?: Float64Array): Float64Array {
  if (x.length !== m.rows) throw new RangeError(`matTVec: vector ${x.length} vs ${m.rows} rows`);
  const y = out ?? new Float64Array(m.cols);
  y.fill(0);
  const d = m.data;
  for (let i = 0; i < m.rows; i++) {
    const xi = x[i]!;
    if (xi === 0) continue;
    const o = i * m.cols;
    for (let j = 0; j < m.cols; j++) y[j] = y[j]! + d[o + j]! * xi;
  }
  return y;
}

/** C = A B. */
export function matMul(a: Matrix, b: Matrix): Matrix {
  if (a.cols !== b.rows) throw new RangeError(`matMul: ${a.rows}x${a.cols} by ${b.rows}x${b.cols}`);
  const c = zeros(a.rows, b.cols);
  for (let i = 0; i < a.rows; i++) {
    for (let k = 0; k < a.cols; k++) {
      const aik = a.data[i * a.cols + k]!;
      if (aik === 0) continue;
      const bo = k * b.cols;
      const co = i * b.cols;
      for (let j = 0; j < b.cols; j++) c.data[co + j] = c.data[co + j]! + aik * b.data[bo + j]!;
    }
  }
  return c;
}

/** Row i as a subarray view (no copy). */
export function row(m: Matrix, i: number): Float64Array {
  return m.data.subarray(i * m.cols, (i + 1) * m.cols);
}

/** The rows `idx` of m, in that order, as a new matrix. */
export function pickRows(m: Matrix, idx: readonly number[]): Matrix {
  const out = zeros(idx.length, m.cols);
  idx.forEach((i, r) => {
    out.data.set(row(m, i), r * m.cols);
  });
  return out;
}

/** Dot product of two equal-length vectors. */
export function dot(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new RangeError(`dot: lengths ${a.length} and ${b.length}`);
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]! * b[i]!;
  return s;
}

/**
 * Solves S X = B for a symmetric positive definite S (n x n) and B (n x m) by Cholesky
 * factorisation. Throws if S is not positive definite (a singular normal equation).
 */
export function solveSpd(s: Matrix, b: Matrix): Matrix {
  const n = s.rows;
  if (s.cols !== n || b.rows !== n) throw new RangeError("solveSpd: shape mismatch");
  const l = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let sum = s.data[i * n + j]!;
      for (let k = 0; k < j; k++) sum -= l[i * n + k]! * l[j * n + k]!;
      if (i === j) {
        if (sum <= 0) throw new RangeError("solveSpd: matrix is not positive definite");
        l[i * n + i] = Math.sqrt(sum);
      } else {
        l[i * n + j] = sum / l[j * n + j]!;
      }
    }
  }
  const x = matrix(b.rows, b.cols, b.data);
  const m = b.cols;
  for (let c = 0; c < m; c++) {
    for (let i = 0; i < n; i++) {
      let sum = x.data[i * m + c]!;
      for (let k = 0; k < i; k++) sum -= l[i * n + k]! * x.data[k * m + c]!;
      x.data[i * m + c] = sum / l[i * n + i]!;
    }
    for (let i = n - 1; i >= 0; i--) {
      let sum = x.data[i * m + c]!;
      for (let k = i + 1; k < n; k++) sum -= l[k * n + i]! * x.data[k * m + c]!;
      x.data[i * m + c] = sum / l[i * n + i]!;
    }
  }
  return x;
}
