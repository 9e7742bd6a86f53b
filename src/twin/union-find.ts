/** Disjoint sets over 0..n-1 (path halving, union by size): joins 200k accounts in linear time. */
export class DisjointSets {
  private readonly parent: Int32Array;
  private readonly size: Int32Array;

  constructor(n: number) {
    this.parent = new Int32Array(n);
    this.size = new Int32Array(n).fill(1);
    for (let i = 0; i < n; i++) this.parent[i] = i;
  }

  find(x: number): number {
    const parent = this.parent;
    let i = x;
    while (parent[i] !== i) {
      const up = parent[i] as number;
      parent[i] = parent[up] as number;
      i = up;
    }
    return i;
  }

  union(a: number, b: number): void {
    let ra = this.find(a);
    let rb = this.find(b);
    if (ra === rb) return;
    if ((this.size[ra] as number) < (this.size[rb] as number)) [ra, rb] = [rb, ra];
    this.parent[rb] = ra;
    this.size[ra] = (this.size[ra] as number) + (this.size[rb] as number);
  }

  /** Members of each set, sets in order of their smallest member, members ascending. */
  groups(): number[][] {
    const byRoot = new Map<number, number[]>();
    const out: number[][] = [];
    for (let i = 0; i < this.parent.length; i++) {
      const root = this.find(i);
      let g = byRoot.get(root);
      if (!g) {
        g = [];
        byRoot.set(root, g);
        out.push(g);
      }
      g.push(i);
    }
    return out;
  }
}
