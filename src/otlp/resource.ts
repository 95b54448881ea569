/**
 * The OpenTelemetry resource: who sends the metrics. A Prometheus fed by OTLP turns
 * service.name into `job`, service.instance.id into `instance`, and the rest into `target_info`.
 */
import { defaultResource, resourceFromAttributes, type Resource } from '@opentelemetry/resources';

export const DEFAULT_SERVICE_NAME = 'liveperson-nht-exporter';

/** What the exporter knows about itself. */
export interface ResourceFacts {
  readonly accountId: string;
  readonly version: string;
  /** service.instance.id: a random UUID per process, so two exporters never share an identity. */
  readonly instanceId: string;
}

/** The user's side: OTEL_SERVICE_NAME (empty when unset) and OTEL_RESOURCE_ATTRIBUTES. */
export interface ResourceSettings {
  readonly serviceName: string;
  readonly resourceAttributes: Readonly<Record<string, string>>;
}

/**
 * The resource attributes, lowest to highest precedence: the exporter's defaults (service.name,
 * service.version, service.instance.id), OTEL_RESOURCE_ATTRIBUTES, then OTEL_SERVICE_NAME (the
 * spec has it win over a service.name in the attributes) and liveperson.account_id, which is a
 * fact of the data rather than a setting.
 */
export function resourceAttributes(settings: ResourceSettings, facts: ResourceFacts): Record<string, string> {
  return {
    'service.name': DEFAULT_SERVICE_NAME,
    'service.version': facts.version,
    'service.instance.id': facts.instanceId,
    ...settings.resourceAttributes,
    ...(settings.serviceName !== '' && { 'service.name': settings.serviceName }),
    'liveperson.account_id': facts.accountId,
  };
}

/** The SDK's telemetry.sdk.* attributes, overlaid with ours. Reads no environment variable. */
export function buildResource(settings: ResourceSettings, facts: ResourceFacts): Resource {
  return defaultResource().merge(resourceFromAttributes(resourceAttributes(settings, facts)));
}
