// X adapter (x.com and twitter.com). Everything site-specific comes from the background
// (advocate-core's `site::X`), so this only names the site.
'use strict';
advocate.start('x');
