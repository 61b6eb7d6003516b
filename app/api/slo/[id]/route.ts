// GET /api/slo/<id>, PUT { definition, version } (409 when someone changed it since), DELETE ?version= (archives).
import { badRequest } from '@/lib/investigation/route-json';
import { parseSloId, parseUpdateBody, parseVersionParam } from '@/lib/slo/requests';
import { readJsonBody, respondFound, respondOutcome } from '@/lib/slo/route-response';
import { deleteSloFromUi, getSloById, updateSloFromUi } from '@/lib/slo/slo-service';

export const dynamic = 'force-dynamic';

type Context = { params: Promise<{ id: string }> };

export async function GET(_request: Request, context: Context): Promise<Response> {
  const id = parseSloId((await context.params).id);
  if (!id.ok) return badRequest(id.error);
  return respondFound(async () => {
    const slo = await getSloById(id.value);
    return slo ? { slo } : null;
  });
}

export async function PUT(request: Request, context: Context): Promise<Response> {
  const id = parseSloId((await context.params).id);
  if (!id.ok) return badRequest(id.error);
  const body = await readJsonBody(request);
  if (!body.ok) return body.response;
  const parsed = parseUpdateBody(body.value);
  if (!parsed.ok) return badRequest(parsed.error);
  return respondOutcome(() => updateSloFromUi(id.value, parsed.value.version, parsed.value.definition, request.signal));
}

export async function DELETE(request: Request, context: Context): Promise<Response> {
  const id = parseSloId((await context.params).id);
  if (!id.ok) return badRequest(id.error);
  const version = parseVersionParam(new URL(request.url).searchParams);
  if (!version.ok) return badRequest(version.error);
  return respondOutcome(() => deleteSloFromUi(id.value, version.value));
}
