// Attendance for one day: who came, when, with on-time and no-show rates; managers record it.
import { useState } from 'react';
import { api, unwrap, type Schemas } from '../../../api/client';
import { useAuth } from '../../../auth/AuthContext';
import { Badge, ErrorBox, Loaded, Page, SelectField, TextField } from '../../../ui';
import { allEmployees, eventsBetween, nameOf, type Employee, type EventOut } from '../data';
import { addDays, formatDate, localTime, todayIn, zonedToUtc } from '../../../lib/time';
import { useAction, useLoad } from '../../../lib/useLoad';

const STATUSES = ['present', 'absent', 'excused'];
const pct = (v: number | null | undefined) => (v == null ? '—' : `${Math.round(v * 100)}%`);

export default function Attendance() {
  const { tz, can } = useAuth();
  const [date, setDate] = useState(todayIn(tz));
  const state = useLoad(async () => {
    const [report, employees, events] = await Promise.all([
      unwrap(api.GET('/api/v1/attendance', { params: { query: { date } } })),
      allEmployees(),
      eventsBetween(date, date),
    ]);
    return { report, employees, events };
  }, [date]);
  return (
    <Page
      title="Attendance"
      actions={
        <div className="row">
          <button
            type="button"
            className="btn small"
            onClick={() => setDate(addDays(date, -1))}
            aria-label="Previous day"
          >
            ←
          </button>
          <TextField label="Day" type="date" value={date} onChange={(e) => e.target.value && setDate(e.target.value)} />
          <button type="button" className="btn small" onClick={() => setDate(addDays(date, 1))} aria-label="Next day">
            →
          </button>
        </div>
      }
    >
      <p className="muted">{formatDate(date)}</p>
      <Loaded state={state}>
        {({ report, employees, events }) => (
          <>
            <div className="stats">
              <div className="stat">
                <span className="num">{report.summary.scheduled}</span>
                <span className="lbl">scheduled</span>
              </div>
              <div className="stat">
                <span className="num">{report.summary.present}</span>
                <span className="lbl">present</span>
              </div>
              <div className="stat">
                <span className="num">{report.summary.absent}</span>
                <span className="lbl">absent</span>
              </div>
              <div className="stat">
                <span className="num">{report.summary.unreported}</span>
                <span className="lbl">not yet reported</span>
              </div>
              <div className="stat">
                <span className="num">{pct(report.summary.on_time_rate)}</span>
                <span className="lbl">on time</span>
              </div>
              <div className="stat">
                <span className="num">{pct(report.summary.no_show_rate)}</span>
                <span className="lbl">no-shows</span>
              </div>
            </div>
            {report.items.length === 0 ? (
              <p className="state empty">No one is scheduled on this day.</p>
            ) : (
              <div className="card">
                <ul className="plain">
                  {report.items.map((l) => (
                    <Line
                      key={l.schedule_id}
                      line={l}
                      employees={employees}
                      events={events}
                      editable={can('manager')}
                      tz={tz}
                      date={date}
                      onSaved={state.reload}
                    />
                  ))}
                </ul>
              </div>
            )}
          </>
        )}
      </Loaded>
    </Page>
  );
}

function Line({
  line,
  employees,
  events,
  editable,
  tz,
  date,
  onSaved,
}: {
  line: Schemas['AttendanceLine'];
  employees: Employee[];
  events: EventOut[];
  editable: boolean;
  tz: string;
  date: string;
  onSaved: () => void;
}) {
  const [status, setStatus] = useState(line.status === 'unreported' ? 'present' : line.status);
  const [checkIn, setCheckIn] = useState(line.check_in_time ? localTime(line.check_in_time, tz) : '');
  const act = useAction();
  const save = () =>
    void act.run(async () => {
      await unwrap(
        api.PUT('/api/v1/schedules/{id}/attendance', {
          params: { path: { id: line.schedule_id } },
          body: {
            status: status as Schemas['AttendanceBody']['status'],
            check_in_time: checkIn ? zonedToUtc(date, checkIn, tz) : null,
            method: 'manual',
          },
        }),
      );
      onSaved();
    });
  return (
    <li>
      <strong>{nameOf(employees, line.employee_id)}</strong> · {localTime(line.schedule_datetime, tz)} ·{' '}
      {events.find((e) => e.project_ref_num === line.event_ref_num)?.project_name ?? `event ${line.event_ref_num}`}{' '}
      <Badge>{line.status}</Badge>
      {line.on_time != null ? (
        <Badge tone={line.on_time ? 'ok' : 'warn'}>{line.on_time ? 'on time' : 'late'}</Badge>
      ) : null}
      {line.check_in_time ? <span className="muted small"> checked in {localTime(line.check_in_time, tz)}</span> : null}
      {editable ? (
        <div className="row">
          <SelectField label="Status" value={status} onChange={(e) => setStatus(e.target.value)}>
            {STATUSES.map((s) => (
              <option key={s}>{s}</option>
            ))}
          </SelectField>
          <TextField
            label="Checked in at"
            type="time"
            value={checkIn}
            onChange={(e) => setCheckIn(e.target.value)}
            error={act.fieldErrors.check_in_time}
          />
          <button type="button" className="btn" disabled={act.busy} onClick={save}>
            Record
          </button>
        </div>
      ) : null}
      <ErrorBox error={act.error} />
    </li>
  );
}
