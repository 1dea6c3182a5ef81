using Cluster.Edge.Configuration;

namespace Cluster.Tests.EdgeHost;

public sealed class EdgeConfigLoaderTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("edge-config-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private string Write(string yaml)
    {
        var path = Path.Combine(_directory, "edge.yaml");
        File.WriteAllText(path, yaml);
        return path;
    }

    [Fact]
    public void Demo_config_of_the_repository_loads()
    {
        var settings = EdgeConfigLoader.Load(Path.Combine(EdgeProcess.RepositoryRoot, "config", "demo.yaml"));
        Assert.Equal(65536, settings.MaxMessageBytes);
        Assert.Equal(4, settings.UdpReceiveLoops);
        Assert.Equal(TimeSpan.FromSeconds(120), settings.TcpIdleTimeout);
        Assert.False(settings.TcpCloseReset);
    }

    [Fact]
    public void Every_key_is_read()
    {
        var settings = EdgeConfigLoader.Load(Write(
            """
            system:
              tcp_close_reset: true
              reply_unauthorized: false
            edge:
              max_message_bytes: 4096
              max_headers: 64
              max_header_line_bytes: 1024
              udp_receive_loops: 2
              udp_receive_buffer_bytes: 65536
              tcp_max_connections: 100
              tcp_max_connections_per_ip: 3
              tcp_idle_timeout_s: 30
              transaction_store_max: 1000
            accounts:
              - { user: "1001", password: "x" }
            """));

        Assert.Equal(4096, settings.MaxMessageBytes);
        Assert.Equal(64, settings.MaxHeaders);
        Assert.Equal(1024, settings.MaxHeaderLineBytes);
        Assert.Equal(2, settings.UdpReceiveLoops);
        Assert.Equal(65536, settings.UdpReceiveBufferBytes);
        Assert.Equal(100, settings.TcpMaxConnections);
        Assert.Equal(3, settings.TcpMaxConnectionsPerIp);
        Assert.Equal(TimeSpan.FromSeconds(30), settings.TcpIdleTimeout);
        Assert.Equal(1000, settings.TransactionStoreMax);
        Assert.True(settings.TcpCloseReset);
    }

    [Fact]
    public void Absent_keys_keep_their_defaults()
    {
        var settings = EdgeConfigLoader.Load(Write("edge:\n  udp_receive_loops: 8\n"));
        Assert.Equal(8, settings.UdpReceiveLoops);
        Assert.Equal(new EdgeSettings().MaxMessageBytes, settings.MaxMessageBytes);
    }

    [Fact]
    public void Unknown_key_names_file_key_and_line()
    {
        var path = Write("system:\n  tcp_close_reset: false\nedge:\n  max_message_bytes: 65536\n  tcp_idle_timeout: 120\n");
        var e = Assert.Throws<ConfigException>(() => EdgeConfigLoader.Load(path));
        Assert.Equal("edge.tcp_idle_timeout", e.Key);
        Assert.Equal(5, e.Line);
        Assert.Contains(path, e.Message);
        Assert.Contains("edge.tcp_idle_timeout", e.Message);
        Assert.Contains(":5:", e.Message);
    }

    [Theory]
    [InlineData("edge:\n  tcp_idle_timeout_s: soon\n", "edge.tcp_idle_timeout_s", 2)]
    [InlineData("edge:\n  max_headers:\n    - 1\n", "edge.max_headers", 3)]
    [InlineData("edge:\n  udp_receive_loops: 0\n", "edge.udp_receive_loops", 2)]
    [InlineData("edge:\n  tcp_max_connections: 99999999999\n", "edge.tcp_max_connections", 2)]
    [InlineData("edge:\n  max_message_bytes: 2048\n  max_header_line_bytes: 4096\n", "edge.max_header_line_bytes", 3)]
    [InlineData("system:\n  tcp_close_reset: maybe\n", "system.tcp_close_reset", 2)]
    [InlineData("edge: 5\n", "edge", 1)]
    public void Wrong_type_or_range_names_the_key_and_line(string yaml, string key, int line)
    {
        var e = Assert.Throws<ConfigException>(() => EdgeConfigLoader.Load(Write(yaml)));
        Assert.Equal(key, e.Key);
        Assert.Equal(line, e.Line);
        Assert.Contains(key, e.Message);
    }

    [Fact]
    public void Duplicate_key_is_an_error()
    {
        var e = Assert.Throws<ConfigException>(() => EdgeConfigLoader.Load(Write("edge:\n  max_headers: 1\n  max_headers: 2\n")));
        Assert.NotNull(e.Line);
    }

    [Theory]
    [InlineData("edge:\n")]
    [InlineData("edge: ~\n")]
    [InlineData("other: 1\n")]
    public void Empty_or_absent_edge_section_means_defaults(string yaml) =>
        Assert.Equal(new EdgeSettings().MaxHeaders, EdgeConfigLoader.Load(Write(yaml)).MaxHeaders);

    [Fact]
    public void Yaml_syntax_error_names_the_line()
    {
        var e = Assert.Throws<ConfigException>(() => EdgeConfigLoader.Load(Write("edge:\n  max_headers: 1\n  bad: [unclosed\n")));
        Assert.NotNull(e.Line);
        Assert.Contains("edge.yaml", e.Message);
    }

    [Fact]
    public void Missing_file_names_the_file()
    {
        var path = Path.Combine(_directory, "absent.yaml");
        var e = Assert.Throws<ConfigException>(() => EdgeConfigLoader.Load(path));
        Assert.Contains(path, e.Message);
    }

    [Fact]
    public void Empty_file_means_defaults() =>
        Assert.Equal(new EdgeSettings().TcpMaxConnections, EdgeConfigLoader.Load(Write("")).TcpMaxConnections);
}
