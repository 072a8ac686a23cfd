/// The console's pages as Mustache templates. Every value comes in through `{{name}}`, which escapes `& < > " '`:
/// the templates never use triple braces, so nothing from a request, a provider or the store reaches the page
/// unescaped. `layout` wraps each page; `{{$body}}` is where a page's content goes.
enum ConsoleTemplates {
    static let all: [String: String] = [
        "layout": layout, "sign-in": signIn, "payments": payments, "timeline": timeline, "review": review,
        "providers": providers, "wallet": wallet, "ledger": ledger, "message": message,
    ]

    static let layout = """
        <!doctype html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>{{title}} · Miliano payment hub</title>
        <link rel="stylesheet" href="/console/assets/console.css">
        </head>
        <body>
        <header>
        <span class="brand">Miliano payment hub</span>
        {{#signedIn}}
        <nav>
        <a href="/console/payments">Payments</a>
        <a href="/console/review">Review queue{{#reviewCount}} <span class="count">{{reviewCount}}</span>{{/reviewCount}}</a>
        <a href="/console/providers">Providers</a>
        <a href="/console/ledger">Ledger</a>
        </nav>
        <form method="post" action="/console/sign-out" class="sign-out">
        <input type="hidden" name="csrf" value="{{csrf}}">
        <span class="who">{{operatorID}}</span> <button type="submit">Sign out</button>
        </form>
        {{/signedIn}}
        </header>
        <main>
        <h1>{{title}}</h1>
        {{#notice}}<p class="notice">{{notice}}</p>{{/notice}}
        {{$body}}{{/body}}
        </main>
        </body>
        </html>
        """

    static let signIn = """
        {{<layout}}{{$body}}
        <form method="post" action="/console/sign-in" class="sign-in">
        <input type="hidden" name="csrf" value="{{signInToken}}">
        <label for="api_key">API key</label>
        <input type="password" id="api_key" name="api_key" autocomplete="off" required>
        <button type="submit" id="sign-in">Sign in</button>
        </form>
        {{/body}}{{/layout}}
        """

    static let payments = """
        {{<layout}}{{$body}}
        <form method="get" action="/console/payments" class="filters">
        <label>Payment id <input name="id" value="{{filter.id}}" size="36"></label>
        <label>State <select name="state">{{#stateOptions}}<option value="{{value}}"{{#selected}} selected{{/selected}}>{{label}}</option>{{/stateOptions}}</select></label>
        <label>Kind <select name="kind">{{#kindOptions}}<option value="{{value}}"{{#selected}} selected{{/selected}}>{{label}}</option>{{/kindOptions}}</select></label>
        <label>Provider <select name="provider">{{#providerOptions}}<option value="{{value}}"{{#selected}} selected{{/selected}}>{{label}}</option>{{/providerOptions}}</select></label>
        <label>Wallet <input name="wallet" value="{{filter.wallet}}" size="14"></label>
        <label>Review <select name="review">{{#reviewOptions}}<option value="{{value}}"{{#selected}} selected{{/selected}}>{{label}}</option>{{/reviewOptions}}</select></label>
        <label>From <input type="date" name="from" value="{{filter.from}}"></label>
        <label>To <input type="date" name="to" value="{{filter.to}}"></label>
        <button type="submit" id="filter">Show</button>
        </form>
        {{#empty(rows)}}<p>No payment matches.</p>{{/empty(rows)}}
        {{^empty(rows)}}
        <table class="payments">
        <thead><tr><th>Payment</th><th>Created</th><th>Kind</th><th>Amount</th><th>State</th><th>Provider</th><th>Wallet</th><th>Counterparty</th></tr></thead>
        <tbody>
        {{#rows}}
        <tr><td><a href="/console/payments/{{id}}">{{id}}</a>{{#needsReview}} <span class="flag">review</span>{{/needsReview}}</td>
        <td>{{created}}</td><td>{{kind}}</td><td class="amount">{{amount}}</td><td class="state {{state}}">{{state}}</td>
        <td>{{provider}}</td><td><a href="/console/wallets/{{wallet}}">{{wallet}}</a></td><td>{{counterparty}}</td></tr>
        {{/rows}}
        </tbody>
        </table>
        {{/empty(rows)}}
        {{#nextPage}}<p><a href="{{nextPage}}" id="next-page">Older payments</a></p>{{/nextPage}}
        {{/body}}{{/layout}}
        """

    static let timeline = """
        {{<layout}}{{$body}}
        <section class="summary">
        <dl>
        <dt>State</dt><dd class="state {{payment.state}}" id="payment-state">{{payment.state}}{{#payment.needsReview}} <span class="flag">needs review</span>{{/payment.needsReview}}</dd>
        <dt>Kind</dt><dd>{{payment.kind}}</dd>
        <dt>Amount</dt><dd class="amount">{{payment.amount}}</dd>
        <dt>Wallet</dt><dd><a href="/console/wallets/{{payment.wallet}}">{{payment.wallet}}</a></dd>
        <dt>Counterparty</dt><dd>{{payment.counterparty}}</dd>
        <dt>Provider</dt><dd>{{payment.provider}} (reference {{payment.reference}})</dd>
        {{#payment.failure}}<dt>Failure</dt><dd>{{payment.failure}}</dd>{{/payment.failure}}
        {{#payment.refund}}<dt>Refund</dt><dd>{{payment.refund}}</dd>{{/payment.refund}}
        </dl>
        <p class="money" id="where-is-the-money">{{money}}</p>
        </section>
        {{^empty(metadata)}}
        <h2>Metadata</h2>
        <table class="metadata"><tbody>{{#metadata}}<tr><th>{{key}}</th><td>{{value}}</td></tr>{{/metadata}}</tbody></table>
        {{/empty(metadata)}}
        <h2>Timeline</h2>
        <ol class="timeline" id="timeline">
        {{#steps}}
        <li class="step {{kind}}"><time>{{at}}</time> <span class="label">{{label}}</span> <span class="what">{{title}}</span>{{#detail}}<div class="detail">{{detail}}</div>{{/detail}}</li>
        {{/steps}}
        </ol>
        {{#callsNote}}<p class="note">{{callsNote}}</p>{{/callsNote}}
        {{#resolvable}}
        <h2>Resolve</h2>
        {{#mayAct}}
        <form method="post" action="/console/payments/{{payment.id}}/resolve" class="resolve" id="resolve-form">
        <input type="hidden" name="csrf" value="{{csrf}}">
        <label>Subject <select name="subject">{{#subjects}}<option value="{{value}}">{{label}}</option>{{/subjects}}</select></label>
        <label>As <select name="as" id="resolve-as"><option value="succeeded">succeeded</option><option value="failed">failed</option></select></label>
        <label>Reason <input name="reason" id="resolve-reason" size="60" required></label>
        <button type="submit" id="resolve">Resolve</button>
        </form>
        {{/mayAct}}
        {{^mayAct}}<p>Signed in with a key that may only read: resolving needs the admin scope.</p>{{/mayAct}}
        {{/resolvable}}
        {{/body}}{{/layout}}
        """

    static let review = """
        {{<layout}}{{$body}}
        {{#empty(rows)}}<p id="queue-empty">Nothing needs review.</p>{{/empty(rows)}}
        {{^empty(rows)}}
        <table class="review" id="review-queue">
        <thead><tr><th>Waiting since</th><th>Payment</th><th>Kind</th><th>Amount</th><th>State</th><th>Provider</th><th>Cause</th></tr></thead>
        <tbody>
        {{#rows}}
        <tr><td>{{since}}</td><td><a href="/console/payments/{{id}}">{{id}}</a></td><td>{{kind}}</td><td class="amount">{{amount}}</td>
        <td class="state {{state}}">{{state}}</td><td>{{provider}}</td><td>{{cause}}</td></tr>
        {{/rows}}
        </tbody>
        </table>
        {{/empty(rows)}}
        {{/body}}{{/layout}}
        """

    static let providers = """
        {{<layout}}{{$body}}
        <p class="note">Calls of the last hour made by this hub process, one bar a minute: the height is the number of calls, the red part the calls without a usable answer.</p>
        {{#rows}}
        <section class="provider" id="provider-{{id}}">
        <h2>{{id}}</h2>
        <dl>
        <dt>Circuit</dt><dd class="circuit {{circuit}}">{{circuit}}{{#failures}} ({{failures}} consecutive failures){{/failures}}</dd>
        <dt>Operations</dt><dd>{{operations}}</dd>
        <dt>Currencies</dt><dd>{{currencies}}</dd>
        <dt>Last hour</dt><dd>{{calls}} calls, {{successRate}} answered, mean {{meanMillis}} ms, slowest {{maxMillis}} ms</dd>
        </dl>
        <svg class="chart" width="{{chart.width}}" height="{{chart.height}}" viewBox="0 0 {{chart.width}} {{chart.height}}" role="img" aria-label="calls per minute at {{id}}">
        {{#chart.bars}}<rect x="{{x}}" y="{{y}}" width="{{w}}" height="{{h}}" fill="#4a7bb7"/>{{#fh}}<rect x="{{x}}" y="{{fy}}" width="{{w}}" height="{{fh}}" fill="#c0392b"/>{{/fh}}{{/chart.bars}}
        <line x1="0" y1="{{chart.height}}" x2="{{chart.width}}" y2="{{chart.height}}" stroke="#888"/>
        </svg>
        </section>
        {{/rows}}
        {{/body}}{{/layout}}
        """

    static let wallet = """
        {{<layout}}{{$body}}
        <h2>Balances</h2>
        {{#empty(balances)}}<p>No ledger entry yet.</p>{{/empty(balances)}}
        {{^empty(balances)}}
        <table class="balances"><thead><tr><th>Currency</th><th>Available</th><th>Pending</th><th>Posted</th></tr></thead>
        <tbody>{{#balances}}<tr><td>{{currency}}</td><td class="amount">{{available}}</td><td class="amount">{{pending}}</td><td class="amount">{{posted}}</td></tr>{{/balances}}</tbody></table>
        {{/empty(balances)}}
        <h2>Entries</h2>
        {{#empty(entries)}}<p>No entries.</p>{{/empty(entries)}}
        {{^empty(entries)}}
        <table class="entries"><thead><tr><th>Transfer</th><th>At</th><th>Kind</th><th>Direction</th><th>Amount</th><th>Other account</th><th>Payment</th></tr></thead>
        <tbody>{{#entries}}<tr><td>{{id}}</td><td>{{at}}</td><td>{{kind}}</td><td>{{direction}}</td><td class="amount">{{amount}}</td><td>{{counterAccount}}</td>
        <td>{{#payment}}<a href="/console/payments/{{payment}}">{{payment}}</a>{{/payment}}{{#flagged}} <span class="flag">flagged</span>{{/flagged}}</td></tr>{{/entries}}</tbody></table>
        {{/empty(entries)}}
        {{#nextPage}}<p><a href="{{nextPage}}">Later entries</a></p>{{/nextPage}}
        {{/body}}{{/layout}}
        """

    static let ledger = """
        {{<layout}}{{$body}}
        <p>Checks every ledger invariant from the stored transfers: each transfer balanced, each hold resolved at most once, every account's maintained balances equal to the sum of its transfers.</p>
        <form method="post" action="/console/ledger" class="verify">
        <input type="hidden" name="csrf" value="{{csrf}}">
        <button type="submit" id="verify-ledger">Check the ledger now</button>
        </form>
        {{#result}}
        <p class="result {{status}}" id="ledger-result">{{summary}}</p>
        {{^empty(problems)}}<ul class="problems">{{#problems}}<li>{{.}}</li>{{/problems}}</ul>{{/empty(problems)}}
        {{/result}}
        {{/body}}{{/layout}}
        """

    static let message = """
        {{<layout}}{{$body}}
        <p>{{message}}</p>
        <p><a href="{{back}}">Back</a></p>
        {{/body}}{{/layout}}
        """

    static let stylesheet = """
        body { font-family: system-ui, sans-serif; margin: 0; color: #1d2733; background: #f6f7f9; }
        header { display: flex; align-items: center; gap: 1.5rem; padding: .6rem 1.2rem; background: #1d2733; color: #fff; }
        header a { color: #dfe7f1; text-decoration: none; margin-right: 1rem; }
        header .brand { font-weight: 600; }
        header .sign-out { margin-left: auto; }
        main { padding: 1rem 1.5rem; }
        table { border-collapse: collapse; background: #fff; margin: .5rem 0 1rem; }
        th, td { padding: .3rem .6rem; border-bottom: 1px solid #e3e6ea; text-align: left; vertical-align: top; }
        td.amount { font-variant-numeric: tabular-nums; text-align: right; }
        dd.amount { font-variant-numeric: tabular-nums; }
        .state.succeeded { color: #1e7d32; } .state.failed { color: #b3261e; } .state.pending, .state.created { color: #8a5a00; }
        .flag { background: #fde7c8; color: #7a4b00; border-radius: 3px; padding: 0 .3rem; font-size: .85em; }
        .count { background: #b3261e; color: #fff; border-radius: 8px; padding: 0 .4rem; font-size: .8em; }
        .filters label, .resolve label { margin-right: .8rem; }
        .summary dl, .provider dl { display: grid; grid-template-columns: max-content auto; gap: .2rem 1rem; }
        .summary dt, .provider dt { color: #5b6675; }
        .money { font-weight: 600; background: #fff; padding: .6rem; border-left: 4px solid #4a7bb7; }
        ol.timeline { list-style: none; padding-left: 0; }
        ol.timeline li { background: #fff; margin: .3rem 0; padding: .4rem .6rem; border-left: 4px solid #c5cbd3; }
        ol.timeline li.ledger { border-left-color: #4a7bb7; } ol.timeline li.notification { border-left-color: #7b5ea7; }
        ol.timeline li.anomaly { border-left-color: #b3261e; } ol.timeline li.resolution { border-left-color: #1e7d32; }
        ol.timeline time { color: #5b6675; font-variant-numeric: tabular-nums; }
        ol.timeline .label { font-weight: 600; margin: 0 .4rem; }
        .detail { color: #3b4654; font-size: .9em; margin-top: .2rem; overflow-wrap: anywhere; }
        .note { color: #5b6675; font-size: .9em; }
        .notice { background: #e6f2e8; padding: .5rem; }
        .result.ok { color: #1e7d32; font-weight: 600; } .result.failed { color: #b3261e; font-weight: 600; }
        .circuit.open { color: #b3261e; } .circuit.half_open { color: #8a5a00; }
        svg.chart { background: #fff; border: 1px solid #e3e6ea; }
        .sign-in { display: grid; max-width: 24rem; gap: .5rem; }
        """
}
