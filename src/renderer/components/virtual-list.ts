/** What VirtualList.vue exposes to its parent (typed here because the component is generic). */
export type VirtualListHandle = {
  /** Handles navigation keys; true when the key was used (the event is then default-prevented). */
  handleKey(event: KeyboardEvent): boolean;
  /** Scroll back to the top (a new search). */
  reset(): void;
  /** Scroll so row `index` is visible. */
  reveal(index: number): void;
};
