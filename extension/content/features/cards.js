// Feature: suggestion cards in the feed, after the 3rd post and then every 15 (the placement
// comes from the background). Each card is an extension frame, mounted only near the viewport.
'use strict';

advocate.feature('cards', (ctx) => {
  const { MARK, MARK_SELECTOR, frames, find } = ctx;
  const cards = new Map(); // slot -> wrapper
  const farCards = new Set(); // wrappers beyond RELEASE_MARGIN
  let seenPosts = []; // post keys in timeline order, for virtualised timelines
  let seenSet = new Set();
  let mountObserver = null;
  let releaseObserver = null;

  // Card frames are mounted only near the viewport and released again far from it. A card is
  // a frame from another process, and while one is mounted anywhere in the page, Chromium
  // repaints the page's content on every scrolled frame (measured with Chromium 156 on a
  // 500-post feed: paint 2.1 s instead of 0.46 s with three cards mounted; BENCHMARKS.md). A
  // released card keeps its height, so nothing moves, and the employee's chosen caption is
  // kept by the background, so it comes back the same.
  const MOUNT_MARGIN = '1200px 0px';
  const RELEASE_MARGIN = '3000px 0px'; // wider than MOUNT_MARGIN: no churn at the edge

  const cardFrameOf = (wrapper) => wrapper.querySelector(`[${MARK}-frame="card"]`);

  function mountNear(entries) {
    for (const e of entries) {
      if (e.isIntersecting) frames.load(cardFrameOf(e.target));
    }
  }

  function releaseFar(entries) {
    for (const e of entries) {
      if (e.isIntersecting) {
        farCards.delete(e.target);
      } else {
        farCards.add(e.target);
        release(e.target);
      }
    }
  }

  /** Swaps a far card's frame for an unloaded one of the same height. A card with focus stays
   * (the employee may be using it by keyboard) until focus leaves it. */
  function release(wrapper) {
    const old = cardFrameOf(wrapper);
    if (!old?.src || document.activeElement === old) return;
    frames.forget(frames.tokenOf(old));
    const fresh = frames.create('card', { slot: wrapper.getAttribute(`${MARK}-slot`) }, old.title);
    fresh.style.height = old.style.height;
    old.replaceWith(fresh);
  }

  function dropCard(wrapper) {
    mountObserver?.unobserve(wrapper);
    releaseObserver?.unobserve(wrapper);
    farCards.delete(wrapper);
    frames.forget(frames.tokenOf(cardFrameOf(wrapper)));
    const slot = Number(wrapper.getAttribute(`${MARK}-slot`));
    if (cards.get(slot) === wrapper) cards.delete(slot);
    wrapper.remove();
  }

  function watchCard(wrapper, slot) {
    if (!('IntersectionObserver' in window)) return frames.load(cardFrameOf(wrapper));
    mountObserver ??= new IntersectionObserver(mountNear, { rootMargin: MOUNT_MARGIN });
    releaseObserver ??= new IntersectionObserver(releaseFar, { rootMargin: RELEASE_MARGIN });
    mountObserver.observe(wrapper);
    releaseObserver.observe(wrapper);
    // The first card, after the 3rd post, is on screen or nearly when a feed opens: it starts
    // loading now. Waiting for the observer's first callback (after the page's next
    // rendering) cost 90-130 ms on a page that had just loaded, and even asking the layout
    // where the card is cost 40-60 ms then (issue #18). The release observer still gives its
    // frame back if the page was opened far below it.
    if (slot === 0) frames.load(cardFrameOf(wrapper));
  }

  function topLevelPosts(list) {
    const selector = ctx.config.post.join(',');
    let posts;
    try {
      posts = [...list.querySelectorAll(selector)];
    } catch {
      posts = [];
    }
    posts = posts.filter((p) => !p.parentElement.closest(selector) && !p.closest(MARK_SELECTOR));
    // Virtualised timelines position cells with transforms; order them as the reader sees them.
    if (ctx.config.postKey) posts.sort((a, b) => a.getBoundingClientRect().top - b.getBoundingClientRect().top);
    return posts;
  }

  /** Which entry of the post list matches this page's posts (for the page check). */
  function postSelectorIndex(list) {
    return ctx.config.post.findIndex((css) => {
      try {
        return list.querySelector(css) !== null;
      } catch {
        return false;
      }
    });
  }

  function postKeyOf(post) {
    const el = post.querySelector(ctx.config.postKey.selector);
    return el ? el.getAttribute(ctx.config.postKey.attribute) : null;
  }

  /** Records posts in the order they first appear. On a virtualised timeline (X) cells above
   * the viewport unmount while scrolling, so a post's position cannot be counted in the DOM;
   * it is remembered instead, from every mutation batch (a fast scroll can mount and unmount
   * a cell between two debounced ticks, but never between two mutation callbacks). */
  function recordPosts(nodes) {
    const selector = ctx.config.post.join(',');
    for (const node of nodes) {
      if (node.nodeType !== 1 || node.closest(MARK_SELECTOR)) continue;
      let posts;
      try {
        posts = node.matches(selector) ? [node] : node.querySelectorAll(selector);
      } catch {
        return;
      }
      for (const p of posts) {
        const key = postKeyOf(p);
        if (key && !seenSet.has(key)) {
          seenSet.add(key);
          seenPosts.push(key);
        }
      }
    }
  }

  /** The post each card slot goes after: by position in the DOM, or on a virtualised timeline
   * by the order in which posts were first seen. */
  function anchors(posts) {
    const { firstSlot, every } = ctx.state.placement;
    if (!ctx.config.postKey) return (slot) => posts[firstSlot + slot * every - 1] ?? null;
    recordPosts(posts);
    const byKey = new Map(posts.map((p) => [postKeyOf(p), p]));
    return (slot) => byKey.get(seenPosts[firstSlot + slot * every - 1]) ?? null;
  }

  function makeCard(slot) {
    const wrapper = document.createElement('div');
    wrapper.setAttribute(MARK, 'card');
    wrapper.setAttribute(`${MARK}-slot`, String(slot));
    if (ctx.config.cardRole) wrapper.setAttribute('role', ctx.config.cardRole);
    wrapper.style.cssText = ctx.config.cardStyle;
    wrapper.append(frames.create('card', { slot: String(slot) }, ctx.api.i18n.getMessage('frameTitleCard')));
    return wrapper;
  }

  /** The card in `slot` if it is still in the page (the site may have re-rendered the list). */
  function placedCard(slot) {
    const wrapper = cards.get(slot);
    return wrapper?.isConnected ? wrapper : null;
  }

  function place() {
    const cardCount = ctx.state.paused ? 0 : ctx.state.cards;
    // Fewer cards than before (frequency lowered, paused, items hidden): drop the extra ones.
    for (const [slot, wrapper] of cards) if (slot >= cardCount) dropCard(wrapper);
    if (!find.onFeedPage()) return;
    // Every card placed after its post: nothing to do. This runs after every batch of page
    // changes, and looking at all posts of a long feed costs milliseconds each time.
    // (Cards inside recycled cells, on X, must be checked against their post every time.)
    let complete = !ctx.config.cardInsidePost && cardCount > 0;
    for (let slot = 0; complete && slot < cardCount; slot += 1) complete = placedCard(slot) !== null;
    if (complete) return;
    const hit = find.first(ctx.config.feedList, { visible: false });
    if (!hit) return;
    const anchorFor = anchors(topLevelPosts(hit.el));
    for (let slot = 0; slot < cardCount; slot += 1) {
      const anchor = anchorFor(slot);
      const existing = placedCard(slot);
      if (existing) {
        // A recycled cell now shows another post: the card does not belong there any more.
        if (ctx.config.cardInsidePost && anchor !== existing.parentElement) dropCard(existing);
        else continue;
      }
      if (!anchor) continue;
      const wrapper = makeCard(slot);
      cards.set(slot, wrapper);
      if (ctx.config.cardInsidePost) anchor.append(wrapper);
      else anchor.after(wrapper);
      watchCard(wrapper, slot);
    }
  }

  ctx.provide('cards', {
    /** For the page check: the feed list, the posts and the cards, looked up now. */
    report() {
      const onFeed = find.onFeedPage();
      const hit = onFeed ? find.first(ctx.config.feedList, { visible: false }) : null;
      const posts = hit ? topLevelPosts(hit.el) : [];
      return {
        feedPage: onFeed,
        feedList: { checked: true, selector: hit?.index ?? null, count: 0 },
        posts: { checked: true, selector: posts.length ? postSelectorIndex(hit.el) : null, count: posts.length },
        cards: [...cards.values()].filter((w) => w.isConnected).length,
      };
    },
  });

  ctx.on('mutations', (records) => {
    if (!ctx.config.postKey || !find.onFeedPage()) return;
    for (const m of records) if (m.addedNodes.length) recordPosts(m.addedNodes);
  });
  ctx.on('tick', () => {
    place();
    for (const wrapper of farCards) release(wrapper);
  });
  ctx.on('config', place);
  ctx.on('navigate', () => {
    // Another page of the site: its posts are counted afresh. (Cards live inside the feed's
    // list, so they leave with it.)
    seenPosts = [];
    seenSet = new Set();
  });
  ctx.on('frameEmpty', ({ iframe }) => {
    const wrapper = iframe?.closest(`[${MARK}="card"]`);
    if (wrapper) dropCard(wrapper);
  });
  ctx.cleanup(() => {
    for (const wrapper of [...cards.values()]) dropCard(wrapper);
    mountObserver?.disconnect();
    releaseObserver?.disconnect();
  });
});
