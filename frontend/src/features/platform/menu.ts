// The menu group the integrations screens share (jobs, audit findings, webhooks, outbound messages),
// for modules that add a screen to it.
export const INTEGRATIONS = 'Integrations';
