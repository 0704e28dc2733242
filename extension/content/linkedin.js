// LinkedIn adapter. Everything site-specific (selectors, layouts, card positions, insertion
// strategies) comes from the background (advocate-core's `site::LINKEDIN`); the features are
// listed in the manifest before this file.
'use strict';
advocate.start('linkedin');
