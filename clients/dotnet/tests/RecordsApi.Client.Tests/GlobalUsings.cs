global using System.Net;
global using RecordsApi.Tests.Infrastructure;
global using Xunit;
global using static RecordsApi.Tests.Infrastructure.TestNames;
