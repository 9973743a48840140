import { describe, expect, it } from "vitest";
import { knownSecrets, redactSecrets } from "../../src/redact.js";

const SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
const TOKEN = "IQoJb3JpZ2luX2VjEJr//////////wEaCXVzLWVhc3QtMSJHMEUCIQD6Example+Token==";
const KEY_ID = "ASIAIOSFODNN7EXAMPLE";

describe("redactSecrets", () => {
  it("replaces every credential value given, wherever it appears", () => {
    const text = `secret ${SECRET} token=${TOKEN} and again ${SECRET}`;
    expect(redactSecrets(text, [SECRET, TOKEN])).toBe(
      "secret [redacted] token=[redacted] and again [redacted]",
    );
  });

  it("replaces the longest secret first, so a token containing a shorter secret goes whole", () => {
    const inner = "abcdefghij";
    expect(redactSecrets(`x ${inner}XYZ${inner} y`, [inner, `${inner}XYZ${inner}`])).toBe("x [redacted] y");
  });

  it("ignores values too short to be credentials, which would match ordinary words", () => {
    expect(redactSecrets("testing the endpoint", ["testing", ""])).toBe("testing the endpoint");
  });

  it("removes what a signed request leaves in AWS's SignatureDoesNotMatch message, whatever the credentials", () => {
    const message = [
      "The request signature we calculated does not match the signature you provided.",
      "The Canonical String for this request should have been",
      "'POST",
      "/",
      "",
      "host:application-autoscaling.us-east-1.amazonaws.com",
      `x-amz-security-token:${TOKEN}`,
      "'",
      `Authorization: AWS4-HMAC-SHA256 Credential=${KEY_ID}/20250101/us-east-1/application-autoscaling/aws4_request, SignedHeaders=host;x-amz-date, Signature=fe5f80f77d5fa3beca038a248ff027d0445342fe2855ddc963176630326f1024`,
    ].join("\n");
    const out = redactSecrets(message, []);
    for (const leaked of [TOKEN, KEY_ID, "Signature=", "Credential=", "x-amz-security-token:"]) {
      expect(out).not.toContain(leaked);
    }
    expect(out).toContain("The request signature we calculated does not match");
    expect(out).toContain("host:application-autoscaling.us-east-1.amazonaws.com");
  });

  it("removes presigned-URL parameters, credentials-file lines and bare access key ids", () => {
    const url = `https://x.amazonaws.com/?X-Amz-Credential=${KEY_ID}%2F20250101&X-Amz-Security-Token=${encodeURIComponent(TOKEN)}&X-Amz-Signature=abc123`;
    const out = redactSecrets(`${url}\naws_secret_access_key = ${SECRET}\nkey AKIAIOSFODNN7EXAMPLE`, []);
    expect(out).not.toMatch(/AKIA|ASIA|X-Amz-Signature=|X-Amz-Credential=|X-Amz-Security-Token=/i);
    expect(out).not.toContain(SECRET);
  });

  it("leaves ordinary output alone", () => {
    const line =
      '→ application-autoscaling RegisterScalableTarget {"ResourceId":"endpoint/my-ep/variant/AllTraffic","MinCapacity":1}';
    expect(redactSecrets(line, [SECRET])).toBe(line);
  });
});

describe("knownSecrets", () => {
  it("takes the credential values from the environment", () => {
    const env = {
      AWS_ACCESS_KEY_ID: KEY_ID,
      AWS_SECRET_ACCESS_KEY: SECRET,
      AWS_SESSION_TOKEN: TOKEN,
      HOME: "/h",
    };
    expect(knownSecrets(env)).toEqual(expect.arrayContaining([KEY_ID, SECRET, TOKEN]));
    expect(knownSecrets(env)).not.toContain("/h");
  });
});
