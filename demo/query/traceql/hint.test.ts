import { describe, expect, it } from 'vitest';
import { parseTraceQL } from './parse';
import { traceHintOf } from './hint';

const hint = (query: string) => traceHintOf(parseTraceQL(query));

describe('traceHintOf', () => {
  it('takes the service (and status = error) from the top-level && conditions of a filter', () => {
    expect(hint('{ resource.service.name = "payment" && status = error }')).toEqual({ services: ['payment'], error: true });
    expect(hint('{ status = error && "payment" = resource.service.name && duration > 1s }')).toEqual({ services: ['payment'], error: true });
    expect(hint('{ resource.service.name = "order" }')).toEqual({ services: ['order'] });
  });

  it('follows pipelines, && and structural operators, not ||', () => {
    expect(hint('{ resource.service.name = "payment" } | count() > 2')).toEqual({ services: ['payment'] });
    expect(hint('{ name = "x" } && { resource.service.name = "order" && status = error }')).toEqual({ services: ['order'], error: true });
    expect(hint('{ resource.service.name = "gateway" } >> { name = "SELECT stock" }')).toEqual({ services: ['gateway'] });
    expect(hint('{ resource.service.name = "payment" } || { resource.service.name = "order" }')).toBeNull();
  });

  it('gives none where the service is not certain', () => {
    expect(hint('{ resource.service.name = "payment" || status = error }')).toBeNull();
    expect(hint('{ .service.name = "payment" }')).toBeNull(); // may be a span attribute
    expect(hint('{ resource.service.name != "payment" }')).toBeNull();
    expect(hint('{ resource.service.name =~ "pay.*" }')).toBeNull();
    expect(hint('{ !(resource.service.name = "payment") }')).toBeNull();
    expect(hint('{ status = error }')).toBeNull();
    expect(hint('{ }')).toBeNull();
  });
});
