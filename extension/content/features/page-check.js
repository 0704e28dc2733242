// Feature: the page check. Knows which of its anchors Advocate finds on this page (feed list,
// posts, the share control, and the composer, its editor and Post button as last seen open) and
// through which selector, and answers the popup's `pageCheck` with indices and counts only:
// never text, names or addresses from the page. advocate-core's `page_check` judges it.
'use strict';

advocate.feature('pageCheck', (ctx) => {
  const { find } = ctx;
  const unchecked = () => ({ checked: false, selector: null, heuristic: false, count: 0 });
  let composer = { composer: unchecked(), editor: unchecked(), postButton: unchecked() };

  /** Records a composer that was open (by the employee, or by Share). */
  function saw(composerHit, editorHit) {
    const button = composerHit ? find.postButton(composerHit.el) : null;
    composer = {
      composer: { ...unchecked(), checked: true, selector: composerHit?.index ?? null },
      editor: { ...unchecked(), checked: true, selector: editorHit?.index ?? null },
      postButton: {
        ...unchecked(),
        checked: true,
        selector: button && !button.heuristic ? button.index : null,
        heuristic: Boolean(button?.heuristic),
      },
    };
  }

  ctx.on('composer', (hit) => saw(hit.composer, hit));
  ctx.on('navigate', () => {
    composer = { composer: unchecked(), editor: unchecked(), postButton: unchecked() };
  });

  ctx.handle('pageCheck', () => {
    // A composer open right now is looked at now.
    const open = find.composers()[0];
    if (open) saw(open, find.editorIn(open.el));
    const feed = ctx.use('cards')?.report() ?? {};
    const trigger = find.shareTrigger();
    return {
      site: ctx.site,
      layout: find.layout()?.index ?? null,
      feedPage: Boolean(feed.feedPage),
      feedList: feed.feedList ?? unchecked(),
      posts: feed.posts ?? unchecked(),
      shareTrigger: { ...unchecked(), checked: true, selector: trigger?.index ?? null },
      ...composer,
      cards: feed.cards ?? 0,
    };
  });
});
