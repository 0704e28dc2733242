// LinkedIn adapter. Everything site-specific (selectors, card positions, insertion strategies)
// comes from the background (advocate-core's `site::LINKEDIN`), so this only names the site.
'use strict';
advocate.start('linkedin');
