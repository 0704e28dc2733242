// X adapter (x.com and twitter.com). Everything site-specific comes from the background
// (advocate-core's `site::X`); the features are listed in the manifest before this file.
'use strict';
advocate.start('x');
