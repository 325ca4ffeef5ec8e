namespace CloudStatus.Dev.Cli;

/// <summary>Everything the one-command local stack can be told on its command line.</summary>
internal sealed record DevStackOptions
{
    public string Urls { get; init; } = "http://127.0.0.1:7071";
    public int Servers { get; init; } = 3;

    /// <summary>Tenants the sites are spread over (site i belongs to tenant ((i - 1) mod Tenants) + 1).</summary>
    public int Tenants { get; init; } = 1;
    public int Switches { get; init; } = 8;
    public int Devices { get; init; } = 24;
    public TimeSpan Period { get; init; } = TimeSpan.FromSeconds(30);
    public TimeSpan HeartbeatTimeout { get; init; } = TimeSpan.FromMinutes(2);
    public double ChangeRate { get; init; } = 0.02;
    public string? DevToken { get; init; }

    /// <summary>Base64 HMAC key of the JWTs <c>POST /dev/tokens</c> mints; a fresh random one per run.</summary>
    public string DevSigningKey { get; init; } = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));
    public string DataDirectory { get; init; } = Path.Combine(".data", "dev");
    public int Seed { get; init; } = 1;

    /// <summary>
    /// Phones and trunks answer SIP OPTIONS on loopback and each edge node qualifies its server's through the SIP
    /// adapter (ADRs 66, 88, 140), on by default; off, the element manager pushes them like the rest of the fleet.
    /// </summary>
    public bool SipPhones { get; init; } = true;

    /// <summary>
    /// The first servers (this many) supervise three real child processes in two tenant groups (issue 12,
    /// <see cref="Stack.DevSupervision"/>); 0 = none. The command line's default is 1.
    /// </summary>
    public int SupervisedServers { get; init; }

    /// <summary>
    /// How long each dev node waits for a switch's HTTP answer before it reports the switch offline (until its next
    /// poll). One second by default; a test that loads a small machine with a thousand switches raises it so CPU
    /// starvation does not read as switches going down.
    /// </summary>
    public TimeSpan SwitchPollTimeout { get; init; } = DefaultSwitchPollTimeout;

    /// <summary>How long the dev nodes wait for a switch's answer unless told otherwise.</summary>
    public static readonly TimeSpan DefaultSwitchPollTimeout = TimeSpan.FromSeconds(1);

    /// <summary>
    /// How often each phone is qualified when <see cref="SipPhones"/> is on; stretched for a large fleet (at most about
    /// 200 OPTIONS a second across the stack, see <c>DevFleet.SipInterval</c>).
    /// </summary>
    public TimeSpan SipInterval { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// The two servers of each site (srv-01/srv-02, srv-03/srv-04, …) run as a duplexed pair (seed 002): each sees the
    /// other's phones and trunks (the same SIP endpoints) and pushed equipment (ADR 140) and names the other as its
    /// failover peer, so central arbitrates (ADR 120).
    /// </summary>
    public bool Pairs { get; init; }

    /// <summary>How often the central timers (sweep, views) run: often enough to honour the heartbeat timeout.</summary>
    public TimeSpan SweepInterval => TimeSpan.FromTicks(Math.Max(TimeSpan.FromSeconds(1).Ticks, Math.Min(Period.Ticks, HeartbeatTimeout.Ticks / 4)));

    /// <summary>How often central reconciles the address journal: half a period, 100 ms to 2 s.</summary>
    public TimeSpan ReconcileInterval => TimeSpan.FromTicks(Math.Clamp(Period.Ticks / 2, TimeSpan.FromMilliseconds(100).Ticks, TimeSpan.FromSeconds(2).Ticks));
}
