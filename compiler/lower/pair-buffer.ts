// A growable list of (i, j) index pairs in two Int32Arrays: the connectors' output. It exists
// so that ten million synapses cost 8 bytes each, never an object each.

export class PairBuffer {
  i: Int32Array;
  j: Int32Array;
  length = 0;

  constructor(capacity = 1024) {
    this.i = new Int32Array(Math.max(16, capacity));
    this.j = new Int32Array(Math.max(16, capacity));
  }

  push(i: number, j: number): void {
    if (this.length === this.i.length) this.grow();
    this.i[this.length] = i;
    this.j[this.length] = j;
    this.length++;
  }

  private grow(): void {
    const n = this.i.length * 2;
    const a = new Int32Array(n);
    a.set(this.i);
    this.i = a;
    const b = new Int32Array(n);
    b.set(this.j);
    this.j = b;
  }

  /** Trimmed copies (the buffers are released with this object). */
  finish(): { i: Int32Array; j: Int32Array } {
    return { i: this.i.slice(0, this.length), j: this.j.slice(0, this.length) };
  }
}
