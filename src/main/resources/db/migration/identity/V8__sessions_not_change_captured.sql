-- Spring Session rewrites these rows on every console request; capturing each write would put a
-- masked, meaningless entry in the platform chain per click. Sign-ins, sign-outs and failures are
-- meaning entries, and every request is in the access log (decision 012).
select platform.exempt_from_audit('identity.http_sessions',
    'session bookkeeping rewritten on every request; sign-ins are meaning entries, requests are in the access log');
select platform.exempt_from_audit('identity.http_sessions_attributes',
    'session bookkeeping rewritten on every request; sign-ins are meaning entries, requests are in the access log');
