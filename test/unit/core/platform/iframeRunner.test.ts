import { describe, expect, it } from "vitest";
import { frameStop } from "../../../../src/core/platform/iframeRunner";

const redirectUri = "https://app.example/";
const silentPage = "https://app.example/silent.html";

describe("frameStop", () => {
  it("takes the response the moment the frame is back at the redirect URI with a state, whatever else the URL says", () => {
    expect(frameStop("https://app.example/?code=c&state=s", redirectUri)).toBe("answered");
    expect(frameStop("https://app.example/?error=login_required&state=s&iss=x", redirectUri)).toBe("answered");
    expect(frameStop("https://app.example/silent.html?code=c&state=s", silentPage)).toBe("answered");
  });

  it("waits while the frame has no window or still shows its initial empty document", () => {
    expect(frameStop(undefined, redirectUri)).toBe("pending");
    expect(frameStop("about:blank", redirectUri)).toBe("pending");
  });

  it("calls anything else elsewhere: another origin, another path of the app, the redirect URI without a response", () => {
    expect(frameStop(null, redirectUri)).toBe("elsewhere"); // the IdP's page or a browser error page: unreadable
    expect(frameStop("https://app.example/?code=c&state=s", silentPage)).toBe("elsewhere"); // the app, not the silent page
    expect(frameStop("https://app.example/silent.html?code=c&state=s", redirectUri)).toBe("elsewhere");
    expect(frameStop("https://app.example:8443/?code=c&state=s", redirectUri)).toBe("elsewhere");
    expect(frameStop("https://app.example/", redirectUri)).toBe("elsewhere");
  });
});
