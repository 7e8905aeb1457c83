// The e2e page itself (session, login and logout buttons, window.oidc); only its HTML differs.
import "../../app/main";
