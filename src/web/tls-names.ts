/**
 * Go's names for TLS settings (as the exporter-toolkit's web config spells them) and what they
 * are called in Node (OpenSSL).
 */

/** `client_auth_type`: whether a certificate must be presented, and whether it must be verified against client_ca_file. */
export const CLIENT_AUTH_TYPES = {
  NoClientCert: { request: false, require: false, verify: false },
  RequestClientCert: { request: true, require: false, verify: false },
  RequireAnyClientCert: { request: true, require: true, verify: false },
  VerifyClientCertIfGiven: { request: true, require: false, verify: true },
  RequireAndVerifyClientCert: { request: true, require: true, verify: true },
} as const;
export type ClientAuthType = keyof typeof CLIENT_AUTH_TYPES;

/** `min_version` / `max_version`, ordered; the value is Node's `minVersion` name. */
export const TLS_VERSIONS = { TLS10: 10, TLS11: 11, TLS12: 12, TLS13: 13 } as const;
export type TlsVersion = keyof typeof TLS_VERSIONS;
export const NODE_TLS_VERSIONS: Readonly<Record<TlsVersion, 'TLSv1' | 'TLSv1.1' | 'TLSv1.2' | 'TLSv1.3'>> = {
  TLS10: 'TLSv1',
  TLS11: 'TLSv1.1',
  TLS12: 'TLSv1.2',
  TLS13: 'TLSv1.3',
};

/**
 * `cipher_suites`: the suites Go considers secure. As in Go, they govern TLS 1.2 and below; the
 * TLS 1.3 suites are not configurable and stay at Node's defaults.
 */
export const CIPHER_SUITES: Readonly<Record<string, string>> = {
  TLS_RSA_WITH_AES_128_CBC_SHA: 'AES128-SHA',
  TLS_RSA_WITH_AES_256_CBC_SHA: 'AES256-SHA',
  TLS_RSA_WITH_AES_128_GCM_SHA256: 'AES128-GCM-SHA256',
  TLS_RSA_WITH_AES_256_GCM_SHA384: 'AES256-GCM-SHA384',
  TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA: 'ECDHE-ECDSA-AES128-SHA',
  TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA: 'ECDHE-ECDSA-AES256-SHA',
  TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA: 'ECDHE-RSA-AES128-SHA',
  TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA: 'ECDHE-RSA-AES256-SHA',
  TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256: 'ECDHE-ECDSA-AES128-GCM-SHA256',
  TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384: 'ECDHE-ECDSA-AES256-GCM-SHA384',
  TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256: 'ECDHE-RSA-AES128-GCM-SHA256',
  TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384: 'ECDHE-RSA-AES256-GCM-SHA384',
  TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256: 'ECDHE-RSA-CHACHA20-POLY1305',
  TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256: 'ECDHE-ECDSA-CHACHA20-POLY1305',
};

/** Node's default TLS 1.3 suites, kept when cipher_suites narrows TLS 1.2. */
export const TLS13_SUITES = ['TLS_AES_256_GCM_SHA384', 'TLS_CHACHA20_POLY1305_SHA256', 'TLS_AES_128_GCM_SHA256'];

/** `curve_preferences`. */
export const CURVES: Readonly<Record<string, string>> = {
  CurveP256: 'P-256',
  CurveP384: 'P-384',
  CurveP521: 'P-521',
  X25519: 'X25519',
};
