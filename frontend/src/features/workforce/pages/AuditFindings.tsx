// The daily audit's findings (managers): unstaffed events due soon, schedules that now break a rule,
// rotation gaps and missing attendance; open or resolved, by kind.
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { api, unwrap, type Schemas } from '../../../api/client';
import { useAuth } from '../../../auth/AuthContext';
import { INTEGRATIONS } from '../../platform/menu';
import { SectionNav } from '../../../ui/SectionNav';
import { Badge, ErrorBox, Loaded, Notice, Page, Pager, SelectField } from '../../../ui';
import { detailParts } from '../../platform/integrations';
import { FINDING_KINDS, findingKindLabel, openParam, subjectLinks } from '../findings';
import { formatDateTime } from '../../../lib/time';
import { useAction, useLoad } from '../../../lib/useLoad';
import { useQueryState } from '../../../lib/useQueryState';

export default function AuditFindings() {
  const { tz } = useAuth();
  const [f, setF] = useQueryState(['state', 'kind', 'page'] as const);
  const page = Number(f.page || 1);
  const state = useLoad(
    () =>
      unwrap(
        api.GET('/api/v1/audit-findings', {
          params: {
            query: {
              open: openParam(f.state),
              kind: f.kind || undefined,
              page,
              per_page: 50,
              sort: '-id',
            },
          },
        }),
      ),
    [f.state, f.kind, page],
  );
  const act = useAction();
  const [ran, setRan] = useState<Schemas['RunNowOut'] | null>(null);
  async function runAudit() {
    setRan(null);
    const r = await act.run(() =>
      unwrap(api.POST('/api/v1/jobs/{name}/run', { params: { path: { name: 'daily_audit' } } })),
    );
    if (r) {
      setRan(r);
      state.reload();
    }
  }
  const what = f.state === 'resolved' ? 'resolved' : f.state === 'all' ? '' : 'open';
  return (
    <Page
      title="Audit findings"
      actions={
        <button type="button" className="btn" disabled={act.busy} onClick={() => void runAudit()}>
          {act.busy ? 'Checking…' : 'Run the check now'}
        </button>
      }
    >
      <SectionNav group={INTEGRATIONS} />
      <p className="muted small">
        The daily audit (job <Link to="/integrations/jobs">daily_audit</Link>) looks at the coming days; a finding is
        resolved when a later check no longer sees it.
      </p>
      <ErrorBox error={act.error} />
      {ran ? (
        <Notice kind={ran.run?.status === 'failed' ? 'warn' : 'ok'}>
          Check {ran.run?.status ?? 'done'}
          {ran.run?.error ? `: ${ran.run.error}` : '.'} {detailParts(ran.run?.details).join(', ')}
        </Notice>
      ) : null}
      <div className="filters narrow">
        <SelectField
          label="Show"
          value={f.state || 'open'}
          onChange={(e) => setF({ state: e.target.value === 'open' ? '' : e.target.value })}
        >
          <option value="open">Open</option>
          <option value="resolved">Resolved</option>
          <option value="all">All</option>
        </SelectField>
        <SelectField label="Kind" value={f.kind} onChange={(e) => setF({ kind: e.target.value })}>
          <option value="">Any</option>
          {FINDING_KINDS.map(([k, label]) => (
            <option key={k} value={k}>
              {label}
            </option>
          ))}
        </SelectField>
      </div>
      <Loaded
        state={state}
        empty={(d) => (d.items.length ? null : `No ${what ? `${what} ` : ''}findings${f.kind ? ` of this kind` : ''}.`)}
      >
        {(d) => (
          <>
            <div className="table-wrap">
              <table className="cards">
                <thead>
                  <tr>
                    <th>Kind</th>
                    <th>Subject</th>
                    <th>Finding</th>
                    <th>Seen</th>
                    <th>State</th>
                  </tr>
                </thead>
                <tbody>
                  {d.items.map((x) => {
                    const links = subjectLinks(x.subject_key, x.details);
                    return (
                      <tr key={x.id}>
                        <td data-label="Kind">{findingKindLabel(x.kind)}</td>
                        <td data-label="Subject">
                          <div>
                            <span className="mono">{x.subject_key}</span>
                            {links.map((l) => (
                              <div key={l.to} className="small">
                                <Link to={l.to}>{l.label}</Link>
                              </div>
                            ))}
                          </div>
                        </td>
                        <td data-label="Finding" className="break">
                          {x.message}
                        </td>
                        <td data-label="Seen">
                          <div>
                            first {formatDateTime(x.found_at, tz)}
                            <div className="muted small">last {formatDateTime(x.last_seen_at, tz)}</div>
                          </div>
                        </td>
                        <td data-label="State">
                          {x.resolved_at ? (
                            <span>
                              <Badge tone="ok">resolved</Badge>{' '}
                              <span className="muted small">{formatDateTime(x.resolved_at, tz)}</span>
                            </span>
                          ) : (
                            <Badge tone="warn">open</Badge>
                          )}
                        </td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            </div>
            <Pager page={page} perPage={50} total={d.total} onPage={(p) => setF({ page: String(p) })} />
          </>
        )}
      </Loaded>
    </Page>
  );
}
