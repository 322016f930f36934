// The landing page (/welcome): static content; a signed-in visitor gets "Open the studio"
// instead of the sign-up and log-in buttons.
import { session } from "../lib/api.js";
import { $$ } from "../lib/dom.js";

const member = session.loggedIn;
$$("[data-guest]").forEach((el) => { el.hidden = member; });
$$("[data-member]").forEach((el) => { el.hidden = !member; });
