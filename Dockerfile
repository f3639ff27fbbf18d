# syntax=docker/dockerfile:1
# The Records API as a container image: built with the SDK, run on the slim ASP.NET runtime as a non-root user.
# docker compose up builds and runs it together with PostgreSQL (see docker-compose.yml).

FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src

# Restore first, from the project and the central build files only, so that a source change
# does not invalidate the cached package layer.
COPY global.json Directory.Build.props Directory.Packages.props .editorconfig ./
COPY src/RecordsApi/RecordsApi.csproj src/RecordsApi/
RUN dotnet restore src/RecordsApi/RecordsApi.csproj

# The migrations in db/ are embedded into the assembly by the csproj.
COPY db/ db/
COPY src/ src/
RUN dotnet publish src/RecordsApi/RecordsApi.csproj -c Release --no-restore -o /app /p:UseAppHost=false

FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS runtime
WORKDIR /app
COPY --from=build /app ./
ENV ASPNETCORE_URLS=http://+:8080
EXPOSE 8080
# The non-root user the aspnet images provide.
USER $APP_UID
ENTRYPOINT ["dotnet", "RecordsApi.dll"]
