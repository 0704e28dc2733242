// The "Suggestions" launcher button lives in a closed shadow root (so the page can neither
// restyle nor reach it), which Playwright's selectors do not enter. The DevTools protocol does:
// this finds the button through it, reads its state, and clicks it where the employee would
// (a real, trusted click at its position on screen).

/** The launcher of `page`: `{ text(), expanded(), focused(), focus(), click() }`, each async. */
export function launcher(page) {
  let session = null;
  const cdp = async () => (session ??= await page.context().newCDPSession(page));

  const find = (node, test) => {
    if (test(node)) return node;
    for (const child of [...(node.children ?? []), ...(node.shadowRoots ?? [])]) {
      const hit = find(child, test);
      if (hit) return hit;
    }
    return null;
  };
  const isHost = (n) => n.localName === 'div' && (n.attributes ?? []).join('\u0000').includes('data-advocate\u0000launcher');

  /** The button's remote object id, or null while there is no launcher. */
  async function button() {
    const s = await cdp();
    const { root } = await s.send('DOM.getDocument', { depth: -1, pierce: true });
    const host = find(root, isHost);
    const shadow = host?.shadowRoots?.[0];
    const node = shadow && find(shadow, (n) => n.localName === 'button');
    if (!node) return null;
    const { object } = await s.send('DOM.resolveNode', { backendNodeId: node.backendNodeId });
    return object.objectId;
  }

  async function call(fn) {
    const objectId = await button();
    if (!objectId) return null;
    const { result } = await (await cdp()).send('Runtime.callFunctionOn', { objectId, functionDeclaration: fn, returnByValue: true });
    return result.value;
  }

  return {
    exists: async () => (await button()) !== null,
    text: () => call('function () { return this.textContent; }'),
    expanded: () => call('function () { return this.getAttribute("aria-expanded"); }'),
    focused: () => call('function () { const r = this.getRootNode(); return r.activeElement === this && document.activeElement === r.host; }'),
    focus: () => call('function () { this.focus(); }'),
    /** Clicks the launcher, waiting up to 10 s for it to be placed (the content script adds it
     * once its config arrived). */
    async click() {
      const rect = () => call('function () { const r = this.getBoundingClientRect(); return r.width ? r.toJSON() : null; }');
      let box = await rect();
      for (const end = Date.now() + 10_000; !box && Date.now() < end; box = await rect()) {
        await new Promise((r) => setTimeout(r, 100));
      }
      if (!box) throw new Error('no launcher on the page within 10 s');
      await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
    },
  };
}
