module X; class Application < Rails::Application; end; end
